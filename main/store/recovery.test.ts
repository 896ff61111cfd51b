import { describe, it, expect } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageStore, type StoredMessage } from './message-store';
import { useTempDirs } from '../test-support/tmp-dir';

const tempDir = useTempDirs('recovery');

const msg = (body: string): StoredMessage => ({
  exchange: '', routingKey: 'q', properties: Buffer.alloc(0), body: Buffer.from(body), bodySize: body.length, publishedAt: 1,
});
const bodies = (store: MessageStore, q = 'q'): string[] =>
  (store.recovered().get(q) ?? []).map((e) => (e.message.body as Buffer).toString());

/** Opens a store with a log collector. */
async function open(dir: string, opts = {}): Promise<{ store: MessageStore; warnings: string[] }> {
  const warnings: string[] = [];
  const store = await MessageStore.open(dir, { ...opts, log: (level, m) => { if (level === 'warn') warnings.push(m); } });
  return { store, warnings };
}

function files(dir: string, ext: string): string[] {
  const qdir = join(dir, 'queues');
  return readdirSync(qdir).flatMap((q) => readdirSync(join(qdir, q)).filter((f) => f.endsWith(ext)).map((f) => join(qdir, q, f))).sort();
}

/** Writes n messages 'm0'.. into queue q and closes; returns the refs. */
async function fill(dir: string, n: number, opts = {}): Promise<number[]> {
  const store = await MessageStore.open(dir, opts);
  const refs = Array.from({ length: n }, (_, i) => store.append('q', msg(`m${i}`.padEnd(40, '-'))));
  await store.close();
  return refs;
}

describe('recovery from damaged files', () => {
  it('truncates a torn record at the end of the last segment and reports file and offset', async () => {
    const dir = tempDir();
    await fill(dir, 50);
    const [seg] = files(dir, '.seg');
    const size = statSync(seg).size;
    truncateSync(seg, size - 20); // the last record loses its tail
    const { store, warnings } = await open(dir);
    const got = bodies(store);
    expect(got.length).toBe(49);
    expect(got[48].startsWith('m48-')).toBe(true);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(seg);
    expect(warnings[0]).toMatch(/torn record at byte offset \d+/);
    const offset = Number(/offset (\d+)/.exec(warnings[0])![1]);
    expect(statSync(seg).size).toBe(offset);
    // Appends continue and the file is clean on the next start.
    store.append('q', msg('after'));
    await store.close();
    const again = await open(dir);
    expect(bodies(again.store).slice(-2).map((b) => b.slice(0, 5))).toEqual(['m48--', 'after']);
    expect(again.warnings).toEqual([]);
    await again.store.close();
  });

  it('treats zero-filled space at the end as a torn tail', async () => {
    const dir = tempDir();
    await fill(dir, 10);
    const [seg] = files(dir, '.seg');
    writeFileSync(seg, Buffer.alloc(4096), { flag: 'a' });
    const { store, warnings } = await open(dir);
    expect(bodies(store).length).toBe(10);
    expect(warnings[0]).toMatch(/torn record/);
    await store.close();
  });

  it('skips the rest of a segment after a corrupted record in the middle, without crashing', async () => {
    const dir = tempDir();
    await fill(dir, 300, { segmentBytes: 4096 });
    const segs = files(dir, '.seg');
    expect(segs.length).toBeGreaterThan(2);
    const victim = segs[0];
    const buf = readFileSync(victim);
    // Flip a byte inside the body of a record around the middle of the first segment.
    const at = buf.indexOf(Buffer.from('m20-'));
    buf[at + 2] ^= 0xff;
    writeFileSync(victim, buf);
    const { store, warnings } = await open(dir, { segmentBytes: 4096 });
    const got = bodies(store).map((b) => b.replace(/-+$/, ''));
    expect(got.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    // The rest of that segment is skipped; later segments are intact.
    expect(got).not.toContain('m20');
    expect(got).toContain('m299');
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(victim);
    expect(warnings[0]).toMatch(/corrupt record at byte offset \d+/);
    await store.close();
  });

  it('recovers from a torn ack file and keeps acking after it', async () => {
    const dir = tempDir();
    await fill(dir, 10);
    let { store } = await open(dir);
    const rec = store.recovered().get('q')!;
    for (const e of rec.slice(0, 3)) store.remove(e.ref);
    await store.close();
    const [acks] = files(dir, '.acks');
    truncateSync(acks, statSync(acks).size - 5); // the third ack is torn
    const second = await open(dir);
    store = second.store;
    expect(second.warnings[0]).toContain(acks);
    const trim = (b: string): string => b.replace(/-+$/, '');
    // The first two removals survive; the third, whose ack was torn, is lost: m2 is back.
    const now = store.recovered().get('q')!;
    expect(now.map((e) => trim((e.message.body as Buffer).toString()))).toEqual(['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    store.remove(now[0].ref);
    await store.close();
    const third = await open(dir);
    expect(bodies(third.store).map(trim)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(third.warnings).toEqual([]);
    await third.store.close();
  });

  it('prefers a finished compacted copy over the original when a crash left both', async () => {
    const dir = tempDir();
    const opts = { segmentBytes: 8192, compactIntervalMs: 0 };
    let { store } = await open(dir, opts);
    const refs = Array.from({ length: 300 }, (_, i) => store.append('q', msg(`m${i}`.padEnd(60, '.'))));
    await store.sync();
    for (const [i, r] of refs.entries()) if (i % 10 !== 0) store.remove(r);
    await store.sync();
    // Save the originals, compact, then put the originals back: "crashed before the unlink".
    const saved = [...files(dir, '.seg'), ...files(dir, '.acks')].map((f) => [f, readFileSync(f)] as const);
    expect(await store.compactNow()).toBeGreaterThan(0);
    await store.close();
    for (const [f, data] of saved) writeFileSync(f, data);
    ({ store } = await open(dir, opts));
    const got = bodies(store).map((b) => b.replace(/\.+$/, ''));
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `m${i * 10}`));
    await store.close();
    // A half-written copy (.tmp) is ignored and cleaned up.
    const [first] = files(dir, '.seg');
    copyFileSync(first, first + '.tmp');
    ({ store } = await open(dir, opts));
    expect(bodies(store).length).toBe(30);
    await store.close();
    expect(files(dir, '.tmp')).toEqual([]);
  });
});
