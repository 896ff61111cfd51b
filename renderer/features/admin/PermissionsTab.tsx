// Permissions: per user and vhost, the configure, write and read regular expressions RabbitMQ
// matches against resource names, and topic permissions under them; administrators set and clear them.
import { useWarren } from '../../store/context';
import { TopicPermissions } from './TopicPermissions';
import { useAdminList, useAdminTable, useFields } from './use-admin';
import { ChangeButton } from '../common/read-only';

export function PermissionsTab() {
  const list = useAdminTable('listPermissions', {});
  const { action } = list;
  const users = useAdminList('listUsers', {});
  const vhosts = useWarren((s) => s.vhosts);
  const [form, field] = useFields({ user: '', vhost: useWarren((s) => s.vhost), configure: '.*', write: '.*', read: '.*' });
  return (
    <div className="tool admin-tab">
      <form className="panel-form" onSubmit={(e) => { e.preventDefault(); void list.change('setPermission', form); }} aria-label="permission">
        <div className="grid2">
          <label>User<select {...field('user')}><option value="" disabled>choose…</option>{users.rows?.map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}</select></label>
          <label>Vhost<select {...field('vhost')}>{vhosts.map((v) => <option key={v} value={v}>{v}</option>)}</select></label>
        </div>
        <label>Configure regexp<input {...field('configure')} /></label>
        <label>Write regexp<input {...field('write')} /></label>
        <label>Read regexp<input {...field('read')} /></label>
        {action.error && <p className="form-error" role="alert">{action.error}</p>}
        <div className="actions"><ChangeButton type="submit" className="primary" disabled={action.busy || form.user === ''}>Set permission</ChangeButton></div>
      </form>
      <div className="tool-output">
        {list.error && <p className="form-error" role="alert">{list.error}</p>}
        <table className="grid-table" aria-label="permissions">
          <thead><tr><th>user</th><th>vhost</th><th>configure</th><th>write</th><th>read</th><th /></tr></thead>
          <tbody>
            {list.rows?.map((p) => (
              <tr key={`${p.user}|${p.vhost}`} data-testid={`permission-${p.user}-${p.vhost}`}>
                <td>{p.user}</td><td><code>{p.vhost}</code></td><td><code>{p.configure}</code></td><td><code>{p.write}</code></td><td><code>{p.read}</code></td>
                <td><ChangeButton className="danger" onClick={() => void list.change('clearPermission', { user: p.user, vhost: p.vhost })}>Clear</ChangeButton></td>
              </tr>
            ))}
          </tbody>
        </table>
        <TopicPermissions users={users.rows ?? []} />
      </div>
    </div>
  );
}
