import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MessageStore } from './message-store';
import { testRandom } from '../test-support/seed';
import { useTempDirs } from '../test-support/tmp-dir';

const script = fileURLToPath(new URL('./crash-publisher.ts', import.meta.url));
const dir = useTempDirs('crash', { keep: 'file' })();

/**
 * Runs the publisher with WARREN_FAULT=`fault`: the store SIGKILLs the process at that point
 * (fault-points.ts). Resolves with what the publisher saw confirmed before it died.
 */
function runUntilFault(first: number, fault: string): Promise<{ confirmedUpTo: number; removed: Set<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(first)], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)), // where tsx resolves from
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WARREN_FAULT: fault },
    });
    let confirmedUpTo = first - 1;
    const removed = new Set<number>();
    let partial = '';
    let stderr = '';
    // A fault point never reached would publish forever: give up far past any chosen count.
    const guard = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('c ')) confirmedUpTo = Number(line.slice(2));
        else if (line.startsWith('r ')) removed.add(Number(line.slice(2)));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`publisher with WARREN_FAULT=${fault} ended by ${signal ?? `exit code ${code}`}, not at its fault point: ${stderr}`));
      else resolve({ confirmedUpTo, removed });
    });
  });
}

describe('crash consistency (SIGKILL at seeded fault points)', () => {
  // The publisher removes each confirmed message except every 7th, so those must all be present.
  it('keeps every confirmed message exactly once, and no confirmed removal', async ({ onTestFailed }) => {
    const random = testRandom('crash.test.ts');
    // Each run dies at a different kind of point: right after a group commit is durable (before its
    // confirms), and on either side of the rename that puts a compacted segment in place.
    const faults = [
      `after-fsync:${random.int(10, 200)}`,
      `before-rename:${random.int(3, 30)}`,
      `after-rename:${random.int(3, 30)}`,
    ];
    const confirmed: [number, number][] = [];
    const removed = new Set<number>();
    onTestFailed(() => {
      const runs = confirmed.map(([from, to], i) => `${faults[i]}: ${to - from + 1} confirmed`).join('; ');
      console.error(`crash.test.ts failed with WARREN_TEST_SEED=${random.seed} (${runs})`);
    });
    for (const [run, fault] of faults.entries()) {
      const first = run * 1_000_000;
      const r = await runUntilFault(first, fault);
      confirmed.push([first, r.confirmedUpTo]);
      for (const id of r.removed) removed.add(id);

      const warnings: string[] = [];
      const store = await MessageStore.open(dir, { log: (l, m) => l === 'warn' && warnings.push(m) });
      const seen = new Map<number, number>();
      const deliveredSeen = new Set<number>();
      for (const [queue, entries] of store.recovered()) {
        let prev = -1;
        for (const e of entries) {
          const id = e.message.publishedAt;
          expect((e.message.body as Buffer).toString().startsWith(`msg-${id}-`)).toBe(true);
          expect(queue).toBe(id % 3 === 0 ? 'q3' : 'q');
          expect(id).toBeGreaterThan(prev); // queue order
          prev = id;
          seen.set(id, (seen.get(id) ?? 0) + 1);
          if (e.delivered) deliveredSeen.add(id);
        }
      }
      for (const [id, n] of seen) expect(n, `message ${id} recovered ${n} times`).toBe(1);
      for (const [from, to] of confirmed) {
        for (let id = from; id <= to; id++) {
          if (removed.has(id)) expect(seen.has(id), `removed message ${id} is back`).toBe(false);
          else if (id % 7 === 0) expect(seen.has(id), `confirmed message ${id} is missing`).toBe(true);
          // markDelivered before a whenSynced is covered by it (unconfirmed ones may be lost).
          if (id % 5 === 0 && seen.has(id)) expect(deliveredSeen.has(id), `message ${id} lost its delivered flag`).toBe(true);
        }
      }
      // A kill mid-write may leave a torn tail (reported and truncated), never mid-file damage.
      for (const w of warnings) expect(w).toMatch(/torn record/);
      await store.close();
    }
  }, 180_000); // three child processes, each killed at its point; slow disks under load need the margin
});
