// The fuzzer's CI slice: a short run against every listener of a real `warren serve` with a fixed
// seed. It fails on any finding (a hang, an internal error, a 5xx, a malformed reply, a frame past
// frame-max taken), on the sentinel losing a confirmed message or seeing an error, on a fresh
// client refused afterwards, and on the broker's memory in use after GC (heap and outside it) not
// coming back near its warmed-up baseline. Long runs: `npm run fuzz`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { WarrenProcess } from '../test-support/warren-process';
import { fuzz, problems } from './driver';
import { LISTENERS } from './findings';
import { ownBroker, type Targets } from './targets';

let warren: WarrenProcess;
let targets: Targets;

beforeAll(async () => {
  ({ warren, targets } = await ownBroker(fileURLToPath(new URL('../../dist/cli.js', import.meta.url))));
}, 30_000);
afterAll(async () => { await warren?.stop(); });

describe('fuzz slice', () => {
  // one seed, every listener at once (the slice takes as long as its slowest listener, and the
  // broker gets every kind of abuse together); the long runs are `npm run fuzz`
  it('every listener takes random and damaged frames at once; nobody else notices', async () => {
    const report = await fuzz(targets, {
      listeners: LISTENERS, frames: 5000, framesFor: { ws: 3000, http: 1500 }, seed: 1, concurrency: 4, parallel: true,
      timeoutMs: 10_000, mutationRate: 0.01, settleMs: 5000, warmup: 300,
    });
    expect(problems(report), JSON.stringify({ rss: report.rss, heap: report.heap, external: report.external })).toEqual([]);
    expect(report.listeners.map((l) => l.listener)).toEqual(LISTENERS);
    for (const l of report.listeners) expect(l.frames, l.listener).toBeGreaterThanOrEqual(l.listener === 'ws' ? 3000 : l.listener === 'http' ? 1500 : 5000);
    expect(report.sentinel.received).toBeGreaterThan(0);
  }, 90_000);
});
