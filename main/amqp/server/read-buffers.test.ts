import net from 'node:net';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LARGE_SLAB_SIZE, ReadBuffers, SLAB_SIZE, readThroughBuffers } from './read-buffers';

/** What Node does on a read: fill the region with `n` bytes, then hand it back. */
function read(rb: ReadBuffers, n: number, fill: number): { region: Buffer; chunk: Buffer } {
  const region = rb.next();
  expect(region.length).toBeGreaterThanOrEqual(n);
  region.fill(fill, 0, n);
  return { region, chunk: rb.take(n, region) };
}

describe('ReadBuffers', () => {
  it('copies quiet reads out of a scratch buffer shared by every connection, at their exact size', () => {
    const a = new ReadBuffers(), b = new ReadBuffers();
    expect(a.next() === b.next()).toBe(true);
    const { region, chunk } = read(a, 100, 1);
    expect(chunk.length).toBe(100);
    expect(chunk.buffer === region.buffer).toBe(false);
    expect(chunk.buffer.byteLength).toBe(100);
    read(b, 50, 2); // the next read into the scratch must not change the first chunk
    expect(chunk.every((x) => x === 1)).toBe(true);
  });

  it('streams bulk reads into a slab of its own, carved front to back, handed on as views', () => {
    const rb = new ReadBuffers();
    const first = read(rb, 40 * 1024, 1); // a large quiet read: copied, and the stream turns bulk
    expect(first.chunk.buffer === first.region.buffer).toBe(false);
    const a = read(rb, 10 * 1024, 2);
    expect(a.region.buffer.byteLength).toBe(SLAB_SIZE);
    expect(a.chunk.buffer === a.region.buffer).toBe(true);
    const b = read(rb, 20 * 1024, 3);
    expect(b.chunk.buffer === a.chunk.buffer).toBe(true);
    expect(b.chunk.byteOffset).toBe(a.chunk.byteOffset + 10 * 1024);
    expect(a.chunk.every((x) => x === 2) && b.chunk.every((x) => x === 3)).toBe(true);
    expect(first.chunk.every((x) => x === 1)).toBe(true);
  });

  it('starts a new slab when less than a quarter of one is left', () => {
    const rb = new ReadBuffers();
    read(rb, 64 * 1024, 0);
    const a = read(rb, SLAB_SIZE - 8 * 1024, 1);
    const b = read(rb, 8 * 1024, 2);
    expect(b.chunk.buffer === a.chunk.buffer).toBe(false);
    expect(b.chunk.byteOffset).toBe(0);
    expect(a.chunk.every((x) => x === 1)).toBe(true);
  });

  it('uses large slabs while large bodies stream, and small ones again after', () => {
    const rb = new ReadBuffers();
    rb.largeBodies = true;
    read(rb, 64 * 1024, 0);
    const big = read(rb, 300 * 1024, 1);
    expect(big.chunk.buffer.byteLength).toBe(LARGE_SLAB_SIZE);
    rb.largeBodies = false;
    const rest = read(rb, 500 * 1024, 2); // the large slab is used up first
    expect(rest.chunk.buffer === big.chunk.buffer).toBe(true);
    expect(read(rb, 16 * 1024, 3).chunk.buffer.byteLength).toBe(SLAB_SIZE);
  });

  it('goes back to the shared scratch when the stream goes quiet, letting go of its slab', () => {
    const rb = new ReadBuffers(), other = new ReadBuffers();
    read(rb, 64 * 1024, 0);
    const bulk = read(rb, 1000, 1); // landed in the slab (a view), and the next read is quiet
    expect(bulk.chunk.buffer.byteLength).toBe(SLAB_SIZE);
    expect(rb.next() === other.next()).toBe(true);
  });
});

describe('readThroughBuffers', () => {
  it('delivers every byte in order across quiet and bulk reads', async () => {
    const received: Buffer[] = [];
    let done!: () => void;
    const closed = new Promise<void>((r) => { done = r; });
    const server = net.createServer({ pauseOnConnect: true }, (raw) => {
      const socket = readThroughBuffers(raw, new ReadBuffers(), (chunk) => received.push(chunk));
      socket.on('close', done);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const sent = createHash('sha256');
    let total = 0;
    const client = net.connect(port, '127.0.0.1');
    await new Promise((r) => client.once('connect', r));
    const write = (b: Buffer) => new Promise<void>((r) => { sent.update(b); total += b.length; client.write(b, () => r()); });
    for (let i = 0; i < 20; i++) await write(Buffer.alloc(10 + i, i)); // quiet
    const big = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE(i, i);
    await write(big); // bulk
    await new Promise((r) => setTimeout(r, 50));
    await write(Buffer.from('quiet again'));
    client.end();
    await closed;
    server.close();
    const got = createHash('sha256');
    for (const c of received) got.update(c);
    expect(received.reduce((s, c) => s + c.length, 0)).toBe(total);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
    expect(received.some((c) => c.buffer.byteLength === SLAB_SIZE)).toBe(true);
  });
});
