// The broker the window is on ("This computer" or a profile's RabbitMQ) and the one path every
// command takes to main. On a remote target each command of CHANGING_COMMANDS is confirmed first
// (cancel sends nothing), and on a read-only profile it is refused here, before main refuses it.
// Switching target moves the whole store: vhost, picture, rates, layout, tools, subscription.
import { CHANGING_COMMANDS, fail, type CommandName, type Req, type Res, type Result } from '../../shared/ipc/contract';
import { LOCAL_PROFILE_ID, type TargetInfo } from '../../shared/model/remote';
import { changeSentence, whereLabel } from './change-sentence';
import type { PendingChange, Slice, TargetSlice } from './types';

/** Where a failed switch (or a broker main could not reach at start) is shown, in errors. */
export const SWITCH_ERROR = 'target';

/** Why changes are not allowed on this target, or null when they are. */
export function readOnlyReason(t: TargetInfo | null): string | null {
  return t?.readOnly ? `'${t.name}' is a read-only profile: Warren refuses every change to ${whereLabel(t)}` : null;
}

/** Asked before a change to a remote broker, unless the target is the embedded broker. */
export const needsConfirmation = (name: CommandName, t: TargetInfo | null): boolean =>
  t !== null && t.kind === 'remote' && CHANGING_COMMANDS.has(name);

export const createTargetSlice: Slice<TargetSlice> = ({ client }) => (set, get) => {
  /** Ask the user; changes wait their turn (deleting a multi-binding edge asks for each). */
  const ask = (sentence: string): Promise<boolean> => new Promise((resolve) => {
    const change: PendingChange = { sentence, resolve };
    set({ pendingChanges: [...get().pendingChanges, change] });
  });
  /** Everything the window showed was the old broker's: start afresh on the new one. */
  const enter = async (target: TargetInfo): Promise<void> => {
    for (const p of get().pendingChanges) p.resolve(false);
    set({
      target, generation: get().generation + 1, pendingChanges: [],
      selection: null, dialog: null, errors: {}, notice: null, palette: null,
      routeLit: null, browsing: null, tracing: null, publishDraft: null, publishHistory: [], simulated: [],
    });
    const vhost = target.defaultVhost;
    get().showVhost(vhost);
    // the picture now, rather than at the new target's next change
    const snap = await client.invoke('getSnapshot', { vhost });
    if (snap.ok) get().applySnapshot(snap.value);
  };
  return {
    target: null,
    generation: 0,
    pendingChanges: [],
    async loadTarget() {
      const r = await client.invoke('getTarget', {});
      // e.g. `warren connect` could not reach its broker: say why where the broker is named
      if (!r.ok) { get().setError(SWITCH_ERROR, r.error.message); return; }
      // at start (a reload while on a remote broker) or after a reconnect, main may have the window
      // on another broker than the store shows
      if (r.value.profileId !== (get().target?.profileId ?? LOCAL_PROFILE_ID)) await enter(r.value);
      else set({ target: r.value });
    },
    async switchTarget(id, password) {
      const r = await client.invoke('useProfile', password === undefined ? { id } : { id, password });
      if (!r.ok) return r.error.message.replace(/^[A-Z_]+ - /, '');
      await enter(r.value);
      return null;
    },
    async invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>> {
      const t = get().target;
      if (needsConfirmation(name, t)) {
        const why = readOnlyReason(t);
        if (why) return fail('ACCESS_REFUSED', why);
        if (!await ask(changeSentence(name, req, t!))) return fail('CANCELLED', 'cancelled: nothing was sent');
        if (get().target !== t) return fail('CANCELLED', 'the window moved to another broker: nothing was sent');
      }
      return client.invoke(name, req);
    },
    answerChange(yes) {
      const [first, ...rest] = get().pendingChanges;
      if (!first) return;
      set({ pendingChanges: rest });
      first.resolve(yes);
    },
  };
};
