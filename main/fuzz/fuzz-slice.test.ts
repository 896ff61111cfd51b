// The fuzzer's CI slice: a short run against every listener of a real `warren serve` with fixed
// seeds. It fails on any finding (a hang, an internal error, a 5xx, a malformed reply), on the
// sentinel losing a confirmed message or seeing an error, on a fresh client refused afterwards,
// and on the broker's RSS not settling near its warmed-up baseline. Long runs: `npm run fuzz`.
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
  for (const seed of [1, 2]) {
    it(`seed ${seed}: every listener takes random and damaged frames; nobody else notices`, async () => {
      const report = await fuzz(targets, {
        listeners: LISTENERS, frames: 6000, framesFor: { ws: 3000, http: 800 }, seed, concurrency: 4,
        timeoutMs: 10_000, mutationRate: 0.01, settleMs: 5000, warmup: seed === 1 ? 500 : 0,
      });
      expect(problems(report), JSON.stringify(report.rss)).toEqual([]);
      expect(report.listeners.map((l) => l.listener)).toEqual(LISTENERS);
      expect(report.sentinel.received).toBeGreaterThan(0);
    }, 120_000);
  }
});
