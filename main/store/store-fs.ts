// The file system calls of the message store and the definitions files, through one object so that a test can put a simulated
// file system in their place (main/test-support/power-loss-fs.ts drops the writes a power cut
// would lose). Production never changes it: each call is one property load more than a direct import.
import * as nodeFs from 'node:fs';

const CALLS = [
  'openSync', 'open', 'closeSync', 'readSync', 'writeSync', 'writev', 'fdatasync', 'fsync', 'fsyncSync',
  'copyFileSync', 'mkdirSync', 'renameSync', 'rmSync', 'unlinkSync', 'truncateSync', 'existsSync', 'statSync', 'readdirSync', 'readFileSync',
] as const;

export type StoreFs = Pick<typeof nodeFs, (typeof CALLS)[number]>;

const real: StoreFs = Object.fromEntries(CALLS.map((c) => [c, nodeFs[c]])) as unknown as StoreFs;

/** The calls the store makes (node:fs unless a test swapped them). */
export const storeFs: StoreFs = { ...real };

/** Tests: route the store's file system calls through `fs` (null: back to node:fs). */
export function useStoreFs(fs: Partial<StoreFs> | null): void {
  Object.assign(storeFs, real, fs ?? {});
}
