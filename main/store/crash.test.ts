import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageStore } from './message-store';

const script = fileURLToPath(new URL('./crash-publisher.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'warren-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the publisher until it has confirmed `until` messages, then SIGKILLs it. */
function runAndKill(first: number, until: number): Promise<{ confirmedUpTo: number; removed: Set<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(first)], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)), // where tsx resolves from
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let confirmedUpTo = first - 1;
    const removed = new Set<number>();
    let partial = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('c ')) confirmedUpTo = Number(line.slice(2));
        else if (line.startsWith('r ')) removed.add(Number(line.slice(2)));
      }
      if (!killed && confirmedUpTo - first + 1 >= until) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`publisher exited with ${code}: ${stderr}`));
      else resolve({ confirmedUpTo, removed });
    });
  });
}

describe('crash consistency (SIGKILL at random moments)', () => {
  // The publisher removes each confirmed message except every 7th, so those must all be present.
  it('keeps every confirmed message exactly once, and no confirmed removal', async () => {
    const confirmed: [number, number][] = [];
    const removed = new Set<number>();
    for (let run = 0; run < 3; run++) {
      const first = run * 1_000_000;
      const until = 2_000 + Math.floor(Math.random() * 20_000);
      const r = await runAndKill(first, until);
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
  }, 120_000);
});
