// Topic permissions: per user, vhost and topic exchange, the routing keys the user may publish
// with (write) and bind with (read); shown under the permissions, set and cleared by administrators.
import type { UserRow } from '../../../shared/model/admin';
import { useWarren } from '../../store/context';
import { useAdminTable, useFields } from './use-admin';
import { ChangeButton } from '../common/read-only';

export function TopicPermissions({ users }: { users: UserRow[] }) {
  const list = useAdminTable('listTopicPermissions', {});
  const { action } = list;
  const vhosts = useWarren((s) => s.vhosts);
  const [form, field] = useFields({ user: '', vhost: useWarren((s) => s.vhost), exchange: 'amq.topic', write: '.*', read: '.*' });
  return (
    <section aria-label="topic permissions">
      <h4>Topic permissions</h4>
      <form className="topic-form" onSubmit={(e) => { e.preventDefault(); void list.change('setTopicPermission', form); }} aria-label="topic permission">
        <select aria-label="Topic user" {...field('user')}><option value="" disabled>user…</option>{users.map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}</select>
        <select aria-label="Topic vhost" {...field('vhost')}>{vhosts.map((v) => <option key={v} value={v}>{v}</option>)}</select>
        <input aria-label="Exchange" placeholder="exchange" title="topic exchange" {...field('exchange')} />
        <input aria-label="Write routing keys" placeholder="write: routing keys" title="routing keys the user may publish with" {...field('write')} />
        <input aria-label="Read routing keys" placeholder="read: routing keys" title="routing keys the user may bind with" {...field('read')} />
        <ChangeButton type="submit" className="primary" disabled={action.busy || form.user === ''}>Set topic permission</ChangeButton>
      </form>
      {(action.error ?? list.error) && <p className="form-error" role="alert">{action.error ?? list.error}</p>}
      <table className="grid-table" aria-label="topic permissions">
        <thead><tr><th>user</th><th>vhost</th><th>exchange</th><th>write</th><th>read</th><th /></tr></thead>
        <tbody>
          {list.rows?.map((p) => (
            <tr key={`${p.user}|${p.vhost}|${p.exchange}`} data-testid={`topic-${p.user}-${p.vhost}-${p.exchange}`}>
              <td>{p.user}</td><td><code>{p.vhost}</code></td><td><code>{p.exchange}</code></td><td><code>{p.write}</code></td><td><code>{p.read}</code></td>
              <td><ChangeButton className="danger" onClick={() => void list.change('clearTopicPermission', { user: p.user, vhost: p.vhost, exchange: p.exchange })}>Clear</ChangeButton></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
