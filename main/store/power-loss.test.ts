// Power loss, simulated in-process (main/test-support/power-loss-fs.ts: no kernel layer, which this
// machine cannot offer a test): a random workload of appends, deliveries, removals, compactions and
// queue deletions runs on the message store until the power goes at a random one of its file
// system calls; the writes and directory changes not yet fsynced are then lost or torn at random,
// and recovery on what remains must keep every promise the store made through whenSynced:
// confirmed messages back exactly once unless removed, confirmed removals and deletions final,
// confirmed delivered flags kept, queue order kept, nothing that was never appended. The
// definitions file (and so the MQTT retained and sessions files, which are built on it) must give
// back the last save() that returned before the cut, or the one under way.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DefinitionsFile } from './definitions-file';
import { MessageStore } from './message-store';
import { useStoreFs } from './store-fs';
import { PowerCut, PowerLossFs } from '../test-support/power-loss-fs';
import { useTempDirs } from '../test-support/tmp-dir';

const tempDir = useTempDirs('power-loss');
afterEach(() => useStoreFs(null));

type Command =
  | { kind: 'publish'; slot: number; n: number; size: number }
  | { kind: 'remove' | 'deliver'; picks: number[] }
  | { kind: 'compact' }
  | { kind: 'delete'; slot: number }
  | { kind: 'sync' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('publish' as const), slot: fc.integer({ min: 0, max: 2 }), n: fc.integer({ min: 1, max: 12 }), size: fc.integer({ min: 20, max: 400 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('remove' as const, 'deliver' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), slot: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' as const }) },
);

/** What the workload was told: an effect is confirmed once a whenSynced() after it succeeded. */
class Ledger {
  readonly queueOf = new Map<number, string>();
  readonly live: { id: number; ref: number }[] = [];
  readonly appended = new Set<number>();
  readonly removeIssued = new Set<number>();
  readonly deletedQueues = new Set<string>();
  readonly confirmed = { appended: new Set<number>(), removed: new Set<number>(), delivered: new Set<number>(), deleted: new Set<string>() };
  private pending = { appended: [] as number[], removed: [] as number[], delivered: [] as number[], deleted: [] as string[] };

  note(kind: keyof Ledger['pending'], v: number | string): void { (this.pending[kind] as (number | string)[]).push(v); }

  /** Everything noted so far becomes confirmed when `cb` says the sync succeeded. */
  confirmer(fs: PowerLossFs): (err?: Error) => void {
    const batch = this.pending;
    this.pending = { appended: [], removed: [], delivered: [], deleted: [] };
    return (err) => {
      if (err || fs.dead) return;
      for (const k of ['appended', 'removed', 'delivered', 'deleted'] as const) for (const v of batch[k]) (this.confirmed[k] as Set<number | string>).add(v);
    };
  }
}

async function runWorkload(store: MessageStore, fs: PowerLossFs, commands: Command[], ledger: Ledger): Promise<void> {
  const names = ['a', 'b', 'c'];
  let nextId = 1;
  for (const c of commands) {
    if (fs.dead) return;
    if (c.kind === 'publish') {
      const queue = names[c.slot];
      for (let i = 0; i < c.n; i++) {
        const id = nextId++;
        const body = Buffer.from(`m-${id}-`.padEnd(c.size, 'x'));
        const ref = store.append(queue, { exchange: '', routingKey: queue, properties: Buffer.alloc(0), body, bodySize: body.length, publishedAt: id });
        ledger.queueOf.set(id, queue);
        ledger.appended.add(id);
        ledger.live.push({ id, ref });
        ledger.note('appended', id);
      }
    } else if (c.kind === 'remove' || c.kind === 'deliver') {
      for (const p of c.picks) {
        if (ledger.live.length === 0) break;
        const i = p % ledger.live.length;
        const { id, ref } = ledger.live[i];
        if (c.kind === 'deliver') { store.markDelivered(ref); ledger.note('delivered', id); continue; }
        ledger.live.splice(i, 1);
        ledger.removeIssued.add(id);
        store.remove(ref);
        ledger.note('removed', id);
      }
    } else if (c.kind === 'compact') {
      await store.compactNow();
    } else if (c.kind === 'delete') {
      const queue = names[c.slot];
      store.deleteQueue(queue);
      ledger.deletedQueues.add(queue);
      ledger.note('deleted', queue);
      for (let i = ledger.live.length - 1; i >= 0; i--) if (ledger.queueOf.get(ledger.live[i].id) === queue) ledger.live.splice(i, 1);
      names[c.slot] = `${queue}'`; // a deleted queue's name is not used again: its messages stay its own
    }
    const done = ledger.confirmer(fs);
    if (c.kind === 'sync') await new Promise<void>((resolve) => store.whenSynced((err) => { done(err); resolve(); }));
    else store.whenSynced(done);
  }
  const done = ledger.confirmer(fs);
  await new Promise<void>((resolve) => store.whenSynced((err) => { done(err); resolve(); }));
}

async function checkRecovered(dir: string, ledger: Ledger): Promise<void> {
  const store = await MessageStore.open(dir, { segmentBytes: 2048, compactIntervalMs: 0 });
  try {
    const seen = new Map<number, boolean>();
    for (const [queue, entries] of store.recovered()) {
      let prev = 0;
      for (const e of entries) {
        const id = e.message.publishedAt;
        expect(ledger.appended.has(id), `message ${id} was never appended`).toBe(true);
        expect((e.message.body as Buffer).toString().startsWith(`m-${id}-`), `message ${id}'s body`).toBe(true);
        expect(queue, `message ${id}'s queue`).toBe(ledger.queueOf.get(id));
        expect(seen.has(id), `message ${id} recovered twice`).toBe(false);
        expect(id, `queue ${queue} out of order`).toBeGreaterThan(prev);
        prev = id;
        seen.set(id, e.delivered);
      }
    }
    for (const id of ledger.confirmed.appended) {
      const q = ledger.queueOf.get(id)!;
      if (!ledger.removeIssued.has(id) && !ledger.deletedQueues.has(q)) expect(seen.has(id), `confirmed message ${id} lost`).toBe(true);
    }
    for (const id of ledger.confirmed.removed) expect(seen.has(id), `confirmed removal of ${id} undone`).toBe(false);
    for (const id of seen.keys()) expect(ledger.confirmed.deleted.has(ledger.queueOf.get(id)!), `message ${id} of a deleted queue is back`).toBe(false);
    for (const id of ledger.confirmed.delivered) if (seen.has(id)) expect(seen.get(id), `message ${id} lost its delivered flag`).toBe(true);
  } finally {
    await store.close();
  }
}

describe('power loss (simulated: unsynced writes and directory changes lost or torn)', () => {
  it('keeps every promise whenSynced made, wherever the power goes', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(command, { minLength: 5, maxLength: 30 }),
      fc.integer({ min: 1, max: 600 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
      async (commands, cutAt, choices) => {
        const root = tempDir();
        const dir = join(root, 'store');
        const fs = new PowerLossFs(join(root, 'shadow'), cutAt);
        useStoreFs(fs.fs);
        const ledger = new Ledger();
        let store: MessageStore | null = null;
        try {
          store = await MessageStore.open(dir, { segmentBytes: 2048, compactIntervalMs: 0 });
          await runWorkload(store, fs, commands, ledger);
        } catch (err) {
          if (!(err instanceof PowerCut) && !fs.dead) throw err;
        }
        fs.dead = true;
        // The process is gone: the store must not write later (a group commit it had scheduled
        // would otherwise run in the next case, through fd numbers reused by that case's files).
        // With the power off, closing it only fails its pending syncs.
        await store?.close().catch(() => {});
        // Calls already under way finish first (their callbacks see the cut), as the disk would.
        await fs.idle();
        let k = 0;
        const pick = (): number => choices[k++ % choices.length];
        fs.cut({ keep: (n) => pick() % (n + 1), tearAt: (len) => (pick() % 3 === 0 ? pick() % len : 0) });
        useStoreFs(null);
        await checkRecovered(dir, ledger);
      },
    ), { numRuns: Number(process.env.POWER_RUNS ?? 80) });
  }, 120_000);

  it('gives back the definitions of the last save before the cut, or of the one under way', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 80 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
      async (pads, cutAt, choices) => {
        const root = tempDir();
        const fs = new PowerLossFs(join(root, 'shadow'), cutAt);
        useStoreFs(fs.fs);
        let confirmed = 0; // 0: nothing saved yet
        let underWay = 0;
        const file = new DefinitionsFile<{ n: number; pad: string }>(join(root, 'defs'), { log: () => {} });
        for (const [i, pad] of pads.entries()) {
          underWay = i + 1;
          try { file.save({ n: i + 1, pad: 'x'.repeat(pad) }); } catch (err) { if (!(err instanceof PowerCut)) throw err; }
          if (fs.dead) break;
          confirmed = i + 1;
        }
        let k = 0;
        const pick = (): number => choices[k++ % choices.length];
        fs.cut({ keep: (n) => pick() % (n + 1), tearAt: (len) => (pick() % 2 === 0 ? pick() % len : 0) });
        useStoreFs(null);
        const loaded = new DefinitionsFile<{ n: number; pad: string }>(join(root, 'defs'), { log: () => {} }).load();
        const allowed = confirmed === underWay ? [confirmed] : [confirmed, underWay];
        expect(allowed, `after ${confirmed} confirmed saves (cut at call ${cutAt})`).toContain(loaded?.n ?? 0);
      },
    ), { numRuns: Number(process.env.POWER_RUNS ?? 100) });
  }, 60_000);
});
