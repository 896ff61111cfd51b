// The admin panels' small hooks: who the UI runs as, a list fetched from main (and fetched again
// after a change), and a command whose refusal is shown as a readable message.
import { useCallback, useEffect, useState } from 'react';
import type { CommandName, Req, Res } from '../../../shared/ipc/contract';
import type { WhoAmI } from '../../../shared/model/admin';
import { useClient } from '../../store/context';
import { describeError } from '../../store/command-slice';

/** Who the UI runs as and which admin panels it may use; null until main answers. */
export function useWhoAmI(): WhoAmI | null {
  const client = useClient();
  const [who, setWho] = useState<WhoAmI | null>(null);
  useEffect(() => {
    let live = true;
    void client.invoke('whoAmI', {}).then((r) => { if (live && r.ok) setWho(r.value); });
    return () => { live = false; };
  }, [client]);
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
  /** run a command; its value on success, null (and the error shown) on refusal */
  run<K extends CommandName>(name: K, req: Req<K>): Promise<Res<K> | null>;
  setError(e: string | null): void;
}

export function useAdminAction(): AdminAction {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <K extends CommandName>(name: K, req: Req<K>): Promise<Res<K> | null> => {
    setBusy(true);
    try {
      const r = await client.invoke(name, req);
      setError(r.ok ? null : describeError(r.error));
      return r.ok ? r.value : null;
    } finally { setBusy(false); }
  }, [client]);
  return { error, busy, run, setError };
}
