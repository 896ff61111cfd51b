// Where a connection's socket reads land. Node's default read path allocates a fresh 64 KiB
// buffer for every read and shrinks it to what arrived; at a gigabyte a second that is 16,000
// allocations and stream events a second. Reading into buffers chosen here instead (Node's
// `onread`) gives two regimes:
//
//   quiet ──read ≥ BULK_READ──▶ bulk ──read < QUIET_READ──▶ quiet
//
// quiet: reads land in one scratch buffer shared by every quiet connection and are copied out at
//   their exact size (a few bytes to a few KiB: cheaper than Node's allocation, and an idle
//   connection holds no read memory at all, as before).
// bulk: reads land in a slab of the connection's own, carved front to back, and are handed on as
//   views: bodies are never copied. Messages keep their slab alive as long as they live, so slabs
//   are the size of Node's own chunks (64 KiB), except while the client streams large bodies
//   (`largeBodies`, set by the connection from content headers): then 1 MiB slabs let one read
//   take what the socket holds. Small messages in 1 MiB slabs cost a backlog of a million of them
//   30 MB more (scattered long-lived slabs), which is why the size follows the bodies.
//
// The scratch is safe to share: Node calls the onread callback synchronously right after each
// read, and the callback copies the bytes out before any other socket can read again.
import net from 'node:net';

/** Bulk read slabs; reads are carved from one until less than a quarter of it is left. */
export const SLAB_SIZE = 64 * 1024;
export const LARGE_SLAB_SIZE = 1024 * 1024;
/** Bodies from this size on stream through large slabs. */
export const LARGE_BODY = 128 * 1024;
/** A quiet read this large means the peer is streaming: switch to slabs. */
const BULK_READ = 32 * 1024;
/** A bulk read this small means the stream went quiet: back to the shared scratch. */
const QUIET_READ = 4 * 1024;
const SCRATCH_SIZE = 256 * 1024;

let scratch: Buffer | null = null;
function sharedScratch(): Buffer {
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_SIZE);
  return scratch;
}

export class ReadBuffers {
  /** the client is sending bodies of LARGE_BODY or more: new slabs are LARGE_SLAB_SIZE */
  largeBodies = false;
  private slab: Buffer | null = null;
  private used = 0;

  /** The region the next read may fill. */
  next(): Buffer {
    const slab = this.slab;
    return slab === null ? sharedScratch() : slab.subarray(this.used);
  }

  /** The `n` bytes just read into `region` (the buffer next() returned), as a chunk the caller may keep. */
  take(n: number, region: Buffer): Buffer {
    if (this.slab === null) {
      const chunk = Buffer.allocUnsafeSlow(n);
      region.copy(chunk, 0, 0, n);
      if (n >= BULK_READ) this.newSlab();
      return chunk;
    }
    const chunk = region.subarray(0, n);
    this.used += n;
    if (n < QUIET_READ) this.slab = null;
    else if (this.used > (this.slab.length >> 2) * 3) this.newSlab();
    return chunk;
  }

  private newSlab(): void {
    this.slab = Buffer.allocUnsafeSlow(this.largeBodies ? LARGE_SLAB_SIZE : SLAB_SIZE);
    this.used = 0;
  }
}

/**
 * Reads `socket` through ReadBuffers, handing each chunk to `sink`. Node accepts `onread` only
 * when a socket is constructed, so an accepted socket's handle moves to a new net.Socket (what
 * Node's cluster module does with handles too); where that is not possible the socket's 'data'
 * events are used. Returns the socket to use from now on. `raw` must not have started reading
 * (servers created with pauseOnConnect).
 */
export function readThroughBuffers(raw: net.Socket, buffers: ReadBuffers, sink: (chunk: Buffer) => void): net.Socket {
  const handle = (raw as unknown as { _handle?: unknown })._handle;
  if (handle === null || typeof handle !== 'object') {
    raw.on('data', sink);
    raw.resume();
    return raw;
  }
  (raw as unknown as { _handle: unknown })._handle = null;
  // Detached from its handle, the old object only settles the server's connection count.
  raw.destroy();
  const socket = new net.Socket({
    handle,
    readable: true,
    writable: true,
    onread: { buffer: () => buffers.next(), callback: (n: number, buf: Uint8Array) => { sink(buffers.take(n, buf as Buffer)); return true; } },
  } as net.SocketConstructorOpts);
  socket.resume();
  return socket;
}
