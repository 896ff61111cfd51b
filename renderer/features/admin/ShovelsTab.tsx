// Dynamic shovels (rabbitmq_shovel): each with its state (and why it terminated), refreshed while
// the tab is open; policymakers define one from a queue to a queue or an exchange, here or on
// another broker's URI, or move a queue's messages once (RabbitMQ's "Move messages": a shovel
// that deletes itself after the queue's length), and restart or delete them.
import { useEffect, type FormEvent } from 'react';
import { useWarren } from '../../store/context';
import { ChangeButton } from '../common/read-only';
import { useAdminTable, useFields } from './use-admin';

const REFRESH_MS = 2000;

function shovelValue(f: Record<string, string>): Record<string, unknown> {
  const v: Record<string, unknown> = { 'src-uri': f.srcUri.trim() || 'amqp://', 'src-queue': f.srcQueue.trim(), 'dest-uri': f.destUri.trim() || 'amqp://', 'ack-mode': f.ackMode };
  if (f.destKind === 'queue') v['dest-queue'] = f.dest.trim();
  else {
    v['dest-exchange'] = f.dest.trim();
    if (f.destKey !== '') v['dest-exchange-key'] = f.destKey;
  }
  if (f.once === 'yes') v['src-delete-after'] = 'queue-length';
  return v;
}

export function ShovelsTab({ canChange }: { canChange: boolean }) {
  const vhosts = useWarren((s) => s.vhosts);
  const current = useWarren((s) => s.vhost);
  const table = useAdminTable('listShovels', {});
  const { refresh } = table;
  useEffect(() => {
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);
  const [form, field] = useFields({ vhost: current, name: '', srcUri: 'amqp://', srcQueue: '', destUri: 'amqp://', destKind: 'queue', dest: '', destKey: '', ackMode: 'on-confirm', once: 'no' });
  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    await table.change('putShovel', { vhost: form.vhost, name: form.name.trim(), value: shovelValue(form) });
  }
  return (
    <div className="tool admin-tab">
      {canChange && (
        <form className="panel-form" onSubmit={(e) => void save(e)} aria-label="shovel">
          <div className="grid2">
            <label>Vhost<select {...field('vhost')}>{vhosts.map((v) => <option key={v} value={v}>{v}</option>)}</select></label>
            <label>Shovel name<input {...field('name')} /></label>
          </div>
          <div className="grid2">
            <label>Source URI<input {...field('srcUri')} spellCheck={false} /></label>
            <label>Source queue<input {...field('srcQueue')} /></label>
          </div>
          <div className="grid3">
            <label>Destination URI<input {...field('destUri')} spellCheck={false} /></label>
            <label>Destination<select {...field('destKind')} aria-label="destination kind"><option value="queue">queue</option><option value="exchange">exchange</option></select></label>
            <label>{form.destKind === 'queue' ? 'Destination queue' : 'Destination exchange'}<input {...field('dest')} /></label>
          </div>
          <div className="grid3">
            {form.destKind === 'exchange' && <label>Routing key (empty: the message's own)<input {...field('destKey')} /></label>}
            <label>Ack mode<select {...field('ackMode')}>{['on-confirm', 'on-publish', 'no-ack'].map((m) => <option key={m} value={m}>{m}</option>)}</select></label>
            <label>Delete after<select {...field('once')} aria-label="delete after"><option value="no">never (keep moving)</option><option value="yes">the queue's length (move once)</option></select></label>
          </div>
          <p className="muted">amqp:// is this broker; amqp://user:pass@host:5672/vhost another one.</p>
          {table.action.error && <p className="form-error" role="alert">{table.action.error}</p>}
          <div className="actions"><ChangeButton type="submit" className="primary" disabled={table.action.busy}>Save shovel</ChangeButton></div>
        </form>
      )}
      <div className="tool-output">
        {table.error && <p className="form-error" role="alert">{table.error}</p>}
        {table.rows?.length === 0 && <p className="muted">No shovels.</p>}
        <table className="grid-table" aria-label="shovels">
          <thead><tr><th>vhost</th><th>name</th><th>state</th><th>source</th><th>destination</th><th>ack mode</th><th>delete after</th>{canChange && <th />}</tr></thead>
          <tbody>
            {table.rows?.map((s) => (
              <tr key={`${s.vhost}|${s.name}`} data-testid={`shovel-${s.vhost}-${s.name}`}>
                <td><code>{s.vhost}</code></td><td>{s.name}</td>
                <td className={`shovel-${s.state.replace(' ', '-')}`} title={s.since ? `since ${s.since}` : undefined}>{s.state}{s.reason && <>: <span className="muted">{s.reason}</span></>}</td>
                <td>{s.source}</td><td>{s.destination}</td><td>{s.ackMode}</td><td>{s.deleteAfter}</td>
                {canChange && (
                  <td>
                    <ChangeButton onClick={() => void table.change('restartShovel', { vhost: s.vhost, name: s.name })}>Restart</ChangeButton>
                    <ChangeButton className="danger" onClick={() => void table.change('deleteShovel', { vhost: s.vhost, name: s.name })}>Delete</ChangeButton>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
