// Policies and operator policies: pattern, apply-to, priority and the definition as JSON. RabbitMQ's
// validation refusals are shown in its words. Who may change which comes from whoAmI.
import { useState, type FormEvent } from 'react';
import type { PolicyApplyTo, PolicyKind } from '../../../shared/model/admin';
import { useWarren } from '../../store/context';
import { useAdminAction, useAdminList, useFields } from './use-admin';
import { ChangeButton } from '../common/read-only';

const APPLY_TO: PolicyApplyTo[] = ['all', 'queues', 'exchanges'];

function PolicyForm({ kind, onSaved }: { kind: PolicyKind; onSaved(): void }) {
  const vhosts = useWarren((s) => s.vhosts);
  const current = useWarren((s) => s.vhost);
  const action = useAdminAction();
  const [form, field] = useFields({ vhost: current, name: '', pattern: '.*', applyTo: 'all' as PolicyApplyTo, priority: '0', definition: '{\n  "max-length": 1000\n}' });
  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    const priority = Number(form.priority);
    if (!Number.isInteger(priority)) { action.setError('Priority: a whole number'); return; }
    if (await action.run('putPolicy', { kind, ...form, name: form.name.trim(), priority }) !== null) onSaved();
  }
  return (
    <form className="panel-form" onSubmit={(e) => void save(e)} aria-label={kind === 'operator' ? 'operator policy' : 'policy'}>
      <div className="grid2">
        <label>Vhost<select {...field('vhost')}>{vhosts.map((v) => <option key={v} value={v}>{v}</option>)}</select></label>
        <label>Policy name<input {...field('name')} /></label>
      </div>
      <div className="grid3">
        <label>Pattern<input {...field('pattern')} /></label>
        <label>Apply to<select {...field('applyTo')}>{APPLY_TO.map((a) => <option key={a} value={a}>{a}</option>)}</select></label>
        <label>Priority<input {...field('priority')} inputMode="numeric" /></label>
      </div>
      <label>Definition (JSON)<textarea rows={4} {...field('definition')} spellCheck={false} /></label>
      {action.error && <p className="form-error" role="alert">{action.error}</p>}
      <div className="actions"><ChangeButton type="submit" className="primary" disabled={action.busy}>Save policy</ChangeButton></div>
    </form>
  );
}

export function PoliciesTab({ canChange, canChangeOperator }: { canChange: boolean; canChangeOperator: boolean }) {
  const [kind, setKind] = useState<PolicyKind>('policy');
  const list = useAdminList('listPolicies', { kind });
  const action = useAdminAction();
  const mayChange = kind === 'operator' ? canChangeOperator : canChange;
  async function remove(vhost: string, name: string): Promise<void> {
    if (await action.run('deletePolicy', { kind, vhost, name }) !== null) list.refresh();
  }
  return (
    <div className="tool admin-tab">
      {mayChange && <PolicyForm key={kind} kind={kind} onSaved={list.refresh} />}
      <div className="tool-output">
        <label className="inline">Show
          <select value={kind} onChange={(e) => setKind(e.target.value as PolicyKind)} aria-label="policy kind">
            <option value="policy">policies</option><option value="operator">operator policies</option>
          </select>
        </label>
        {(list.error ?? action.error) && <p className="form-error" role="alert">{list.error ?? action.error}</p>}
        <table className="grid-table" aria-label={kind === 'operator' ? 'operator policies' : 'policies'}>
          <thead><tr><th>vhost</th><th>name</th><th>pattern</th><th>apply to</th><th>priority</th><th>definition</th>{mayChange && <th />}</tr></thead>
          <tbody>
            {list.rows?.map((p) => (
              <tr key={`${p.vhost}|${p.name}`} data-testid={`policy-${p.vhost}-${p.name}`}>
                <td><code>{p.vhost}</code></td><td>{p.name}</td><td><code>{p.pattern}</code></td><td>{p.applyTo}</td><td>{p.priority}</td>
                <td><code>{JSON.stringify(p.definition)}</code></td>
                {mayChange && <td><ChangeButton className="danger" onClick={() => void remove(p.vhost, p.name)}>Delete</ChangeButton></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
