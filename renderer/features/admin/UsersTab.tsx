// Users: name, tags and whether they have a password (never its hash); administrators add or
// update one (no password: an existing user keeps theirs) and delete one (its connections close).
import { useState, type FormEvent } from 'react';
import { useAdminAction, useAdminList } from './use-admin';
import { ChangeButton } from '../common/read-only';

/** The tags RabbitMQ's management UI offers; any other may be typed. */
const TAG_HINT = 'administrator, monitoring, policymaker, management';

export function UsersTab() {
  const list = useAdminList('listUsers', {});
  const action = useAdminAction();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [tags, setTags] = useState('');
  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    const req = { name: name.trim(), tags: tags.split(',').map((t) => t.trim()).filter(Boolean), ...(password ? { password } : {}) };
    if (await action.run('putUser', req) !== null) { setPassword(''); list.refresh(); }
  }
  async function remove(user: string): Promise<void> {
    if (await action.run('deleteUser', { name: user }) !== null) list.refresh();
  }
  return (
    <div className="tool admin-tab">
      <form className="panel-form" onSubmit={(e) => void save(e)} aria-label="user">
        <label>User name<input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Password<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="empty: keep the current one" autoComplete="new-password" /></label>
        <label>Tags<input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={TAG_HINT} /></label>
        {action.error && <p className="form-error" role="alert">{action.error}</p>}
        <div className="actions"><ChangeButton type="submit" className="primary" disabled={action.busy}>Save user</ChangeButton></div>
      </form>
      <div className="tool-output">
        {list.error && <p className="form-error" role="alert">{list.error}</p>}
        <table className="grid-table" aria-label="users">
          <thead><tr><th>name</th><th>tags</th><th>password</th><th /></tr></thead>
          <tbody>
            {list.rows?.map((u) => (
              <tr key={u.name} data-testid={`user-${u.name}`}>
                <td><button className="link" onClick={() => { setName(u.name); setTags(u.tags.join(', ')); }} title="edit">{u.name}</button></td>
                <td>{u.tags.join(', ') || <span className="muted">none</span>}</td>
                <td>{u.hasPassword ? 'yes' : <span className="muted">none</span>}</td>
                <td><ChangeButton className="danger" onClick={() => void remove(u.name)}>Delete</ChangeButton></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
