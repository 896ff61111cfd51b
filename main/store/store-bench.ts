// Throughput and recovery check for the message store (not a test: prints numbers).
//   node --import tsx main/store/store-bench.ts [confirm|recovery|all] [--queues N] [--size BYTES]
//     [--window UNCONFIRMED] [--sync-ms GROUP_COMMIT_WINDOW] [--count N]
// confirm:  publishers keep a window of unconfirmed persistent messages, each confirmed through
//           whenSynced, like a broker with publisher confirms; prints confirmed messages/s.
// recovery: writes 1,000,000 live 100-byte messages, closes, and times MessageStore.open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageStore, type StoredMessage } from './message-store';

const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'all';
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

const message = (size: number): StoredMessage => ({
  exchange: 'amq.direct',
  routingKey: 'bench',
  properties: Buffer.from([0x10, 0x00, 0x02]), // delivery-mode 2
  body: Buffer.alloc(size, 0x61),
  bodySize: size,
  publishedAt: Date.now(),
});

async function confirmThroughput(queues: number, size: number, seconds = 5, window = 20_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warren-bench-'));
  const store = await MessageStore.open(dir, { syncIntervalMs: flag('sync-ms', 2) });
  const names = Array.from({ length: queues }, (_, i) => `q${i}`);
  const msg = message(size);
  let outstanding = 0;
  let confirmed = 0;
  let consumedUpTo: number[] = [];
  const refs: number[] = [];
  const onConfirm = (): void => { outstanding--; confirmed++; };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let n = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      if (performance.now() >= deadline) return resolve();
      // A publisher pushes up to its confirm window, then waits for confirms.
      for (let i = 0; i < 500 && outstanding < window; i++) {
        const ref = store.append(names[n++ % queues], msg);
        refs.push(ref);
        outstanding++;
        store.whenSynced(onConfirm);
      }
      // A consumer acks what was confirmed a while ago, as a steady-state broker would.
      if (refs.length > 100_000) {
        consumedUpTo = refs.splice(0, 50_000);
        for (const r of consumedUpTo) store.remove(r);
      }
      setImmediate(tick);
    };
    tick();
  });
  await store.sync();
  const secs = (performance.now() - started) / 1000;
  const s = store.stats();
  console.log(
    `confirm: ${queues} queue(s), ${size}-byte bodies, window ${window}, sync window ${flag('sync-ms', 2)} ms: ${Math.round(confirmed / secs).toLocaleString('en')} confirmed msgs/s ` +
      `(${confirmed.toLocaleString('en')} in ${secs.toFixed(1)} s; ${s.writes} writev, ${s.fsyncs} fsyncs, ` +
      `${(confirmed / Math.max(1, s.fsyncs)).toFixed(0)} msgs/fsync)`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function recoveryTime(count = 1_000_000, size = 100): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warren-bench-'));
  let store = await MessageStore.open(dir);
  const msg = message(size);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    store.append('recovery-queue', msg);
    if (i % 50_000 === 0) await store.sync();
  }
  await store.close();
  const writeSecs = (performance.now() - t0) / 1000;
  const { diskBytes } = store.stats();
  if (global.gc) global.gc();
  const t1 = performance.now();
  store = await MessageStore.open(dir);
  const openMs = performance.now() - t1;
  const recovered = store.recovered().get('recovery-queue')?.length ?? 0;
  console.log(
    `recovery: ${recovered.toLocaleString('en')} live ${size}-byte messages (${(diskBytes / 2 ** 20).toFixed(0)} MiB in ` +
      `${store.stats().segments} segments) opened in ${Math.round(openMs)} ms; written in ${writeSecs.toFixed(1)} s; ` +
      `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (mode === 'confirm' || mode === 'all') {
  await confirmThroughput(flag('queues', 1), flag('size', 16), 5, flag('window', 20_000));
  if (mode === 'all') await confirmThroughput(100, 16);
}
if (mode === 'recovery' || mode === 'all') await recoveryTime(flag('count', 1_000_000), flag('size', 100));
