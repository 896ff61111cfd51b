// The toolbar's broker switcher: which broker the window is on, a menu of the profiles to switch
// to (asking for a password when the profile keeps none) and "Manage profiles…".
import { useEffect, useRef, useState } from 'react';
import type { ProfileInfo } from '../../../shared/model/remote';
import { useClient, useWarren, useWarrenStore } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { SWITCH_ERROR } from '../../store/target-slice';
import { targetLabel } from './target-label';

/** Switch to a profile, or ask for its password first; the failure, in main's words, under SWITCH_ERROR. */
export function useSwitchTo(): (p: Pick<ProfileInfo, 'id' | 'name' | 'kind' | 'hasPassword'>, password?: string) => Promise<boolean> {
  const store = useWarrenStore();
  return async (p, password) => {
    const st = store.getState();
    if (p.kind === 'remote' && !p.hasPassword && password === undefined) {
      st.openDialog({ kind: 'profile-password', id: p.id, name: p.name });
      return false;
    }
    st.setError(SWITCH_ERROR, null);
    const err = await st.switchTarget(p.id, password);
    if (err !== null) store.getState().setError(SWITCH_ERROR, `Could not switch to ${p.name}: ${err}`);
    return err === null;
  };
}

export function TargetSwitcher() {
  const client = useClient();
  const target = useWarren((s) => s.target);
  const error = useWarren((s) => s.errors[SWITCH_ERROR]);
  const openDialog = useWarren((s) => s.openDialog);
  const switchTo = useSwitchTo();
  const [profiles, setProfiles] = useState<ProfileInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const current = target?.profileId ?? 'local';
  const box = useRef<HTMLDivElement>(null);
  // the menu closes on Escape and on a click elsewhere, as menus do
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') setOpen(false); };
    const onDown = (e: MouseEvent): void => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('mousedown', onDown); };
  }, [open]);

  function toggle(): void {
    setOpen(!open);
    if (open) return;
    void client.invoke('listProfiles', {}).then((r) => {
      if (r.ok) { setProfiles(r.value); setListError(null); } else setListError(describeError(r.error));
    });
  }
  return (
    <div className="target-switcher" ref={box}>
      <button className={target?.kind === 'remote' ? 'remote' : ''} aria-haspopup="menu" aria-expanded={open} aria-label="broker" onClick={toggle}
        title="the broker this window is on">{targetLabel(target)} ▾</button>
      {open && (
        <div className="menu" role="menu" aria-label="brokers">
          {listError && <p className="form-error" role="alert">{listError}</p>}
          {profiles === null && !listError && <p className="muted">loading…</p>}
          {profiles?.map((p) => (
            <button key={p.id} role="menuitem" aria-current={p.id === current} className={p.id === current ? 'current' : ''}
              onClick={() => { setOpen(false); void switchTo(p); }}>
              {p.kind === 'local' ? 'This computer' : p.name}
              {p.kind === 'remote' && <span className="muted"> {p.managementUrl}{p.readOnly ? ' · read-only' : ''}</span>}
            </button>
          ))}
          <hr />
          <button role="menuitem" onClick={() => { setOpen(false); openDialog({ kind: 'profiles' }); }}>Manage profiles…</button>
        </div>
      )}
      {error && <span className="form-error switch-error" role="alert">{error}</span>}
    </div>
  );
}
