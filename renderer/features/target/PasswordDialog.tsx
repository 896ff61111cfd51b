// A profile that keeps no password: ask for it (used for this switch only), then switch.
import { useState, type FormEvent } from 'react';
import type { Dialog } from '../../store/types';
import { useWarren } from '../../store/context';
import { SWITCH_ERROR } from '../../store/target-slice';
import { useSwitchTo } from './TargetSwitcher';

export function PasswordDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'profile-password' }> }) {
  const openDialog = useWarren((s) => s.openDialog);
  const error = useWarren((s) => s.errors[SWITCH_ERROR]);
  const switchTo = useSwitchTo();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    const moved = await switchTo({ id: dialog.id, name: dialog.name, kind: 'remote', hasPassword: false }, password);
    setBusy(false);
    if (moved) openDialog(null);
  }
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-label={`password for ${dialog.name}`} onSubmit={(e) => void submit(e)}>
        <h3>Password for {dialog.name}</h3>
        <p className="hint">This profile keeps no password: it is used for this switch only.</p>
        <label>Password<input type="password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" /></label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={() => openDialog(null)}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Connect</button>
        </div>
      </form>
    </div>
  );
}
