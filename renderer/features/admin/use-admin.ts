// The admin panels' small hooks: who the UI runs as, a list fetched from main (and fetched again
// after a change), and a command whose refusal is shown as a readable message.
import { useCallback, useEffect, useState } from 'react';
import type { CommandName, Req, Res } from '../../../shared/ipc/contract';
import type { WhoAmI } from '../../../shared/model/admin';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';

/** Who the UI runs as and which admin panels it may use; null until main answers. */
export function useWhoAmI(): WhoAmI | null {
  const client = useClient();
  // asked again once connected: a command sent before the WebSocket opens is answered DISCONNECTED
  const status = useWarren((s) => s.status);
  const [who, setWho] = useState<WhoAmI | null>(null);
  useEffect(() => {
    if (status !== 'open') return;
    let live = true;
    void client.invoke('whoAmI', {}).then((r) => { if (live && r.ok) setWho(r.value); });
    return () => { live = false; };
  }, [client, status]);
  return who;
}

export interface AdminList<T> { rows: T | null; error: string | null; refresh(): void }

/** A list command's answer; `key` (the request as JSON) refetches when it changes. */
export function useAdminList<K extends CommandName>(name: K, req: Req<K>): AdminList<Res<K>> {
  const client = useClient();
  const [rows, setRows] = useState<Res<K> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(req);
  const refresh = useCallback(() => {
    void client.invoke(name, JSON.parse(key) as Req<K>).then((r) => {
      if (r.ok) { setRows(r.value); setError(null); } else setError(describeError(r.error));
    });
  }, [client, name, key]);
  useEffect(refresh, [refresh]);
  return { rows, error, refresh };
}

export interface AdminAction {
  error: string | null;
  busy: boolean;
  /** run a command: `{ value }` once main accepts it, null (and the error shown) on refusal (the
   *  wrapper because many commands' value is itself null) */
  run<K extends CommandName>(name: K, req: Req<K>): Promise<{ value: Res<K> } | null>;
  setError(e: string | null): void;
}

export function useAdminAction(): AdminAction {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <K extends CommandName>(name: K, req: Req<K>): Promise<{ value: Res<K> } | null> => {
    setBusy(true);
    try {
      const r = await client.invoke(name, req);
      setError(r.ok ? null : describeError(r.error));
      return r.ok ? { value: r.value } : null;
    } finally { setBusy(false); }
  }, [client]);
  return { error, busy, run, setError };
}

/** A form's text fields: the values, and each input's value/onChange props by key. */
export function useFields<T extends Record<string, string>>(initial: T): [T, (k: keyof T) => { value: string; onChange(e: { target: { value: string } }): void }] {
  const [form, setForm] = useState(initial);
  const field = (k: keyof T) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })) });
  return [form, field];
}

/** A list and the changes made to it: each change, once main accepts it, fetches the list again. */
export function useAdminTable<K extends CommandName>(name: K, req: Req<K>): AdminList<Res<K>> & {
  action: AdminAction;
  change<C extends CommandName>(name: C, req: Req<C>): Promise<void>;
} {
  const list = useAdminList(name, req);
  const action = useAdminAction();
  const change = async <C extends CommandName>(c: C, r: Req<C>): Promise<void> => {
    if (await action.run(c, r) !== null) list.refresh();
  };
  return { ...list, action, change };
}
