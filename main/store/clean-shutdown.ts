// The store's clean-shutdown marker: an empty file `clean` written, durably, once close() has put
// everything on disk, and removed, durably, at open. Found at open, the store was closed cleanly;
// missing (the process was killed, the power went), a delivery's Delivered record may not have
// reached the disk before its consumer acked, so every recovered message counts as delivered and
// comes back redelivered: an acked message whose ack was lost may reappear, but only flagged as
// possibly seen, as RabbitMQ allows.
import { join } from 'node:path';
import { syncDirSync } from './durable-fs';
import { storeFs } from './store-fs';

const MARKER = 'clean';

/** Whether the store in `dir` was closed cleanly; the marker is gone afterwards, durably. */
export function takeCleanMarker(dir: string): boolean {
  const path = join(dir, MARKER);
  if (!storeFs.existsSync(path)) return false;
  storeFs.unlinkSync(path);
  syncDirSync(dir);
  return true;
}

export function writeCleanMarker(dir: string): void {
  storeFs.closeSync(storeFs.openSync(join(dir, MARKER), 'w'));
  syncDirSync(dir);
}
