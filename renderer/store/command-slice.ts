// Commands to main. Results are values: an error is recorded, in the broker's words, under the
// target the user acted on, and cleared when the same action later succeeds.
import type { CommandName, Req, Res, Result } from '../../shared/ipc/contract';
import type { CommandSlice, Slice } from './types';

/** "PRECONDITION_FAILED - inequivalent arg 'type' ..." -> a sentence for people. */
export function describeError(e: { code: string; message: string; replyCode?: number }): string {
  const text = e.message.replace(/^[A-Z_]+ - /, '');
  const what: Record<string, string> = {
    PRECONDITION_FAILED: 'The broker refused: it already has this with different settings',
    ACCESS_REFUSED: 'The broker refused access',
    NOT_FOUND: 'Not found',
    RESOURCE_LOCKED: 'Locked by another connection',
    BAD_REQUEST: 'Invalid input',
    DISCONNECTED: 'Not connected to Warren',
    CANCELLED: 'Not sent',
  };
  const head = what[e.code] ?? e.code;
  return `${head}${e.replyCode ? ` (${e.replyCode})` : ''}: ${text}`;
}

export const createCommandSlice: Slice<CommandSlice> = () => (_set, get) => ({
  async run<K extends CommandName>(name: K, req: Req<K>, target: string): Promise<Result<Res<K>>> {
    const r = await get().invoke(name, req);
    // a change the user cancelled is not an error of the thing acted on
    get().setError(target, r.ok || r.error.code === 'CANCELLED' ? null : describeError(r.error));
    return r;
  },
});
