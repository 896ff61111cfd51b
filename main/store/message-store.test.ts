import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageStore, type StoredMessage } from './message-store';
import { StoreClosedError, UnknownRefError } from './store-errors';
import { useTempDirs } from '../test-support/tmp-dir';

const tempDir = useTempDirs('store');

const msg = (body: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  exchange: 'ex',
  routingKey: 'rk',
  properties: Buffer.from([1, 2, 3]),
  body: Buffer.from(body),
  bodySize: Buffer.byteLength(body),
  publishedAt: 1700000000000,
  ...extra,
});

const bodyText = (m: StoredMessage): string => (Buffer.isBuffer(m.body) ? m.body : Buffer.concat(m.body as Buffer[])).toString();

async function reopen(store: MessageStore, opts = {}): Promise<MessageStore> {
  await store.close();
  return MessageStore.open(store.dir, opts);
}

describe('MessageStore round trips', () => {
  it('recovers live messages per queue in order, with delivered flags, and without removed ones', async () => {
    let store = await MessageStore.open(tempDir());
    const a = Array.from({ length: 10 }, (_, i) => store.append('a', msg(`a${i}`)));
    const b = [store.append('b', msg('b0', { exchange: 'ünïcode', routingKey: 'k.€' })), store.append('b', msg('b1'))];
    store.remove(a[0]);
    store.remove(a[5]);
    store.markDelivered(a[1]);
    store.markDelivered(b[1]);
    store = await reopen(store);
    const rec = store.recovered();
    expect([...rec.keys()].sort()).toEqual(['a', 'b']);
    const ra = rec.get('a')!;
    expect(ra.map((e) => bodyText(e.message))).toEqual(['a1', 'a2', 'a3', 'a4', 'a6', 'a7', 'a8', 'a9']);
    expect(ra.map((e) => e.delivered)).toEqual([true, false, false, false, false, false, false, false]);
    const rb = rec.get('b')!;
    expect(rb[0].message).toMatchObject({ exchange: 'ünïcode', routingKey: 'k.€', bodySize: 2, publishedAt: 1700000000000 });
    expect([...rb[0].message.properties]).toEqual([1, 2, 3]);
    expect(rb.map((e) => e.delivered)).toEqual([false, true]);
    // Recovered refs are handles for the new process.
    store.remove(ra[0].ref);
    store.markDelivered(ra[1].ref);
    expect(store.stats().liveMessages).toBe(9);
    store = await reopen(store);
    const again = store.recovered().get('a')!;
    expect(again.map((e) => bodyText(e.message))).toEqual(['a2', 'a3', 'a4', 'a6', 'a7', 'a8', 'a9']);
    expect(again[0].delivered).toBe(true);
    await store.close();
  });

  it('after an unclean shutdown every recovered message counts as delivered (its Delivered record may be lost)', async () => {
    const dir = tempDir();
    const killed = await MessageStore.open(dir);
    killed.append('q', msg('a'));
    killed.append('q', msg('b'));
    await killed.sync(); // durable, but the store is never closed: no clean-shutdown marker
    const store = await MessageStore.open(dir);
    expect(store.recovered().get('q')!.map((e) => e.delivered)).toEqual([true, true]);
    await store.close();
    await killed.close().catch(() => {});
  });

  it('keeps appending after a restart, in order, in a new segment', async () => {
    let store = await MessageStore.open(tempDir());
    store.append('q', msg('1'));
    store = await reopen(store);
    store.append('q', msg('2'));
    store = await reopen(store);
    expect(store.recovered().get('q')!.map((e) => bodyText(e.message))).toEqual(['1', '2']);
    await store.close();
  });

  it('stores multi-part and large bodies (written by reference) intact', async () => {
    let store = await MessageStore.open(tempDir());
    const big = Buffer.alloc(100_000, 7);
    big[99_999] = 9;
    const r1 = store.append('q', { ...msg(''), body: [Buffer.from('he'), Buffer.from('llo')], bodySize: 5 });
    const r2 = store.append('q', { ...msg(''), body: [big.subarray(0, 50_000), big.subarray(50_000)], bodySize: big.length });
    expect(bodyText(store.read(r1))).toBe('hello');
    expect((store.read(r2).body as Buffer).equals(big)).toBe(true);
    store = await reopen(store);
    const rec = store.recovered().get('q')!;
    expect(bodyText(rec[0].message)).toBe('hello');
    expect((rec[1].message.body as Buffer).equals(big)).toBe(true);
    await store.close();
  });

  it('reads messages back from the write buffer and from disk', async () => {
    const store = await MessageStore.open(tempDir(), { segmentBytes: 4096 });
    const refs = Array.from({ length: 200 }, (_, i) => store.append('q', msg(`m${i}`)));
    expect(bodyText(store.read(refs[199]))).toBe('m199'); // still in memory
    await store.sync();
    for (const i of [0, 57, 199]) expect(bodyText(store.read(refs[i]))).toBe(`m${i}`);
    store.remove(refs[3]);
    expect(() => store.read(refs[3])).toThrow(UnknownRefError);
    await store.close();
    expect(() => store.append('q', msg('x'))).toThrow(StoreClosedError);
  });
});

describe('group commit', () => {
  it('confirms every append with far fewer fsyncs than appends', async () => {
    const store = await MessageStore.open(tempDir(), { syncIntervalMs: 5 });
    let confirmed = 0;
    const order: number[] = [];
    for (let i = 0; i < 5000; i++) {
      store.append('q', msg(`m${i}`));
      store.whenSynced(() => { confirmed++; order.push(i); });
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    }
    await store.sync();
    expect(confirmed).toBe(5000);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    const { fsyncs, writes } = store.stats();
    expect(fsyncs).toBeGreaterThan(0);
    expect(fsyncs).toBeLessThan(100);
    expect(writes).toBeLessThan(100);
    await store.close();
  });

  it('calls whenSynced in the same turn, without IO, when nothing is pending', async () => {
    const store = await MessageStore.open(tempDir());
    const io = store.stats();
    const seen: string[] = [];
    store.whenSynced((err) => seen.push(err ? `error ${err.message}` : 'synced'));
    await new Promise((r) => setImmediate(r));
    seen.push('next turn');
    expect(seen).toEqual(['synced', 'next turn']);
    expect([store.stats().writes, store.stats().fsyncs]).toEqual([io.writes, io.fsyncs]);
    await store.close();
  });
});

describe('space reclamation', () => {
  it('deletes a segment file once all its messages are removed', async () => {
    const store = await MessageStore.open(tempDir(), { segmentBytes: 4096, compactIntervalMs: 0 });
    const refs = Array.from({ length: 400 }, (_, i) => store.append('q', msg(`message-${i}`.padEnd(60, '.'))));
    await store.sync();
    const before = store.stats();
    expect(before.segments).toBeGreaterThan(5);
    for (const r of refs.slice(0, 300)) store.remove(r);
    await store.sync();
    const after = store.stats();
    expect(after.segments).toBeLessThan(before.segments);
    expect(after.diskBytes).toBeLessThan(before.diskBytes / 2);
    expect(after.liveMessages).toBe(100);
    const segFiles = readdirSync(join(store.dir, 'queues'), { recursive: true }).filter((f) => String(f).endsWith('.seg'));
    expect(segFiles.length).toBe(after.segments);
    await store.close();
  });

  it('compacts a mostly removed segment; old refs keep working and order survives a restart', async () => {
    let store = await MessageStore.open(tempDir(), { segmentBytes: 8192, compactIntervalMs: 0 });
    const refs = Array.from({ length: 300 }, (_, i) => store.append('q', msg(`m${i}`.padEnd(60, '.'))));
    await store.sync();
    // Keep every 10th message of the first segments alive: they cannot be deleted whole.
    const keep = new Set(refs.filter((_, i) => i % 10 === 0));
    for (const r of refs) if (!keep.has(r)) store.remove(r);
    store.markDelivered(refs[10]);
    await store.sync();
    const before = store.stats();
    const compacted = await store.compactNow();
    expect(compacted).toBeGreaterThan(0);
    await store.sync();
    const after = store.stats();
    expect(after.diskBytes).toBeLessThan(before.diskBytes);
    expect(after.liveMessages).toBe(30);
    // Old refs still resolve after the move.
    expect(bodyText(store.read(refs[20])).startsWith('m20.')).toBe(true);
    store.remove(refs[0]);
    expect(store.stats().liveMessages).toBe(29);
    store = await reopen(store);
    const rec = store.recovered().get('q')!;
    expect(rec.map((e) => bodyText(e.message).replace(/\.+$/, ''))).toEqual(
      Array.from({ length: 29 }, (_, i) => `m${(i + 1) * 10}`),
    );
    expect(rec[0].delivered).toBe(true);
    expect(rec.slice(1).every((e) => !e.delivered)).toBe(true);
    await store.close();
  });

  it('deleteQueue removes every message and the queue files; the name can be reused', async () => {
    let store = await MessageStore.open(tempDir(), { segmentBytes: 4096 });
    for (let i = 0; i < 200; i++) store.append('gone', msg(`g${i}`));
    store.append('stays', msg('s'));
    await store.sync();
    const queueDirs = readdirSync(join(store.dir, 'queues'));
    expect(queueDirs.length).toBe(2);
    store.deleteQueue('gone');
    await store.sync();
    expect(store.stats().liveMessages).toBe(1);
    expect(readdirSync(join(store.dir, 'queues')).length).toBe(1);
    store.append('gone', msg('new life'));
    store = await reopen(store);
    const rec = store.recovered();
    expect(rec.get('gone')!.map((e) => bodyText(e.message))).toEqual(['new life']);
    expect(rec.get('stays')!.length).toBe(1);
    await store.close();
    expect(existsSync(join(store.dir, 'queues'))).toBe(true);
  });

  it('deleteQueue while writes are pending or in flight leaves no trace of the old queue', async () => {
    let store = await MessageStore.open(tempDir(), { segmentBytes: 4096, syncIntervalMs: 0 });
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 100; i++) store.append('x', msg(`old${round}-${i}`));
      const synced = store.sync();
      // Sometimes before the batch starts, sometimes while its writes are in flight.
      if (round % 2 === 1) await new Promise((r) => setImmediate(r));
      store.deleteQueue('x');
      store.append('x', msg(`new${round}`));
      await synced;
      await store.sync();
      expect(store.stats().liveMessages).toBe(1);
      store.deleteQueue('x');
    }
    store.append('x', msg('last'));
    store = await reopen(store);
    expect(store.recovered().get('x')!.map((e) => bodyText(e.message))).toEqual(['last']);
    expect(readdirSync(join(store.dir, 'queues')).length).toBe(1);
    await store.close();
  });
});
