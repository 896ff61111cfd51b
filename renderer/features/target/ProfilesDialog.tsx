// "Manage profiles…": the saved brokers, to add, edit and delete (the embedded broker, "This
// computer", is always there and not edited).
import { useState } from 'react';
import type { ProfileInfo, ProfileInput } from '../../../shared/model/remote';
import { useClient, useWarren, useWarrenStore } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { useAdminAction, useAdminList } from '../admin/use-admin';
import { passwordKeeping, ProfileForm } from './ProfileForm';

export function ProfilesDialog() {
  const client = useClient();
  const store = useWarrenStore();
  const openDialog = useWarren((s) => s.openDialog);
  const list = useAdminList('listProfiles', {});
  const action = useAdminAction();
  const [editing, setEditing] = useState<ProfileInfo | 'new' | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const remote = (list.rows ?? []).filter((p) => p.kind === 'remote');

  async function save(input: ProfileInput): Promise<void> {
    const r = await client.invoke('saveProfile', input);
    if (!r.ok) { setSaveError(describeError(r.error)); return; }
    // the profile the window is on: switch again, so a change (read-only above all) holds at once
    if (r.value.id === store.getState().target?.profileId) {
      const err = await store.getState().switchTarget(r.value.id);
      if (err !== null) { setSaveError(`Saved, but could not switch to it again: ${err}`); return; }
      store.getState().openDialog({ kind: 'profiles' });
    }
    setSaveError(null); setEditing(null); list.refresh();
  }
  async function remove(p: ProfileInfo): Promise<void> {
    if (await action.run('deleteProfile', { id: p.id }) !== null) list.refresh();
  }
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="profiles">
        <h3>Profiles</h3>
        {editing
          ? <ProfileForm profile={editing === 'new' ? null : editing} keeping={passwordKeeping(client.kind)} error={saveError}
              onSave={save} onCancel={() => { setEditing(null); setSaveError(null); }} />
          : <>
            <table className="grid-table" aria-label="saved profiles"><thead><tr><th>name</th><th>management URL</th><th>user</th><th /></tr></thead>
              <tbody>
                {remote.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}{p.readOnly && <span className="badge"> read-only</span>}</td>
                    <td><code>{p.managementUrl}</code></td>
                    <td>{p.user}{p.hasPassword ? <span className="muted"> · password kept</span> : <span className="muted"> · asks</span>}</td>
                    <td className="row-actions">
                      <button onClick={() => setEditing(p)} aria-label={`edit ${p.name}`}>Edit</button>
                      <button className="danger" onClick={() => void remove(p)} aria-label={`delete ${p.name}`}>Delete</button>
                    </td>
                  </tr>
                ))}
                {list.rows && remote.length === 0 && <tr><td colSpan={4} className="muted">No profiles yet: add one to open a RabbitMQ (or another Warren) in this window.</td></tr>}
              </tbody>
            </table>
            {(list.error ?? action.error) && <p className="form-error" role="alert">{list.error ?? action.error}</p>}
            <p className="hint">{passwordKeeping(client.kind)}</p>
            <div className="actions">
              <button onClick={() => openDialog(null)}>Close</button>
              <button className="primary" onClick={() => setEditing('new')}>Add profile</button>
            </div>
          </>}
      </div>
    </div>
  );
}
