// Virtual hosts: each with its queues, messages, connections and sandbox clock; administrators add
// and delete them (deleting asks first, saying what goes with it, as RabbitMQ deletes it all) and
// set their clocks (VhostClock.tsx).
import { useState, type FormEvent } from 'react';
import type { VhostRow } from '../../../shared/model/admin';
import { plural } from '../dialogs/ConfirmDialogs';
import { useAdminAction, useAdminList } from './use-admin';
import { ChangeButton } from '../common/read-only';
import { VhostClock } from './VhostClock';

function DeleteVhost({ v, onDone }: { v: VhostRow; onDone(): void }) {
  const action = useAdminAction();
  const [asking, setAsking] = useState(false);
  if (!asking) return <ChangeButton className="danger" onClick={() => setAsking(true)}>Delete</ChangeButton>;
  return (
    <div role="alertdialog" aria-label={`delete vhost ${v.name}`}>
      <p>Delete vhost <code>{v.name}</code>? This closes its {plural(v.connections, 'connection')} and deletes its {plural(v.queues, 'queue')} with {plural(v.messages, 'message')}.</p>
      <button className="danger" disabled={action.busy} onClick={() => void action.run('deleteVhost', { vhost: v.name }).then((r) => { if (r !== null) onDone(); })}>Delete vhost {v.name}</button>
      <button onClick={() => setAsking(false)}>Cancel</button>
      {action.error && <p className="form-error" role="alert">{action.error}</p>}
    </div>
  );
}

export function VhostsTab({ canChange }: { canChange: boolean }) {
  const list = useAdminList('listVhosts', {});
  const action = useAdminAction();
  const [name, setName] = useState('');
  async function add(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (await action.run('addVhost', { vhost: name.trim() }) !== null) { setName(''); list.refresh(); }
  }
  return (
    <div className="tool admin-tab">
      {canChange && (
        <form className="panel-form" onSubmit={(e) => void add(e)} aria-label="new vhost">
          <label>Name<input value={name} onChange={(e) => setName(e.target.value)} /></label>
          {action.error && <p className="form-error" role="alert">{action.error}</p>}
          <div className="actions"><ChangeButton type="submit" className="primary" disabled={action.busy}>Add vhost</ChangeButton></div>
        </form>
      )}
      <div className="tool-output">
        {list.error && <p className="form-error" role="alert">{list.error}</p>}
        <table className="grid-table" aria-label="virtual hosts">
          <thead><tr><th>name</th><th>queues</th><th>messages</th><th>connections</th><th>clock</th>{canChange && <th />}</tr></thead>
          <tbody>
            {list.rows?.map((v) => (
              <tr key={v.name} data-testid={`vhost-${v.name}`}>
                <td><code>{v.name}</code></td><td>{v.queues}</td><td>{v.messages}</td><td>{v.connections}</td>
                <td><VhostClock v={v} canChange={canChange} onDone={list.refresh} /></td>
                {canChange && <td><DeleteVhost v={v} onDone={list.refresh} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
