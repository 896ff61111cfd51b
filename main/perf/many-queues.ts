// One client declares a million queues (`npx tsx main/perf/many-queues.ts --url amqp://… [--queues N]
// [--broker-pid PID]`): queue.declare frames pipelined over one channel (a window of them in
// flight), the broker's RSS per queue, the declare rate, and the round-trip latency of a bystander
// client publishing with confirms meanwhile; then the connection closes and the exclusive queues
// go with it (timed). The hostile-clients test runs the same at 20,000; results go in RESULTS.md.
import { parseArgs } from 'node:util';
import { RawConnection, parseUrl } from './raw-client';
import { FRAME_METHOD, queueDeclare } from './frames';
import { findPidByPort, rssBytes } from './proc-stats';
import { Bystander } from '../test-support/bystander';

/** queue.declare frames written before waiting for their declare-oks */
const WINDOW = 2000;
const DECLARE_OK = (50 << 16) | 11;
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672' },
    queues: { type: 'string', default: '1000000' },
    'broker-pid': { type: 'string' },
  },
});
const url = values.url!;
const n = Number(values.queues);
const target = parseUrl(url);
const pid = values['broker-pid'] ? Number(values['broker-pid']) : findPidByPort(target.port);
const rss = (): number => (pid === null ? 0 : rssBytes(pid) ?? 0);

const conn = await RawConnection.open(target);
let acked = 0;
let wake: (() => void) | null = null;
conn.handler = (type, _ch, buf, p) => {
  if (type === FRAME_METHOD && buf.readUInt32BE(p) === DECLARE_OK) { acked++; wake?.(); }
};
const bystander = await Bystander.start(url);
const before = rss();
const started = performance.now();
const prefix = `mq-${process.pid}`;
let sent = 0;
let peak = before;
let nextReport = 100_000;
while (acked < n) {
  if (conn.error) throw conn.error;
  const upTo = Math.min(n, acked + WINDOW);
  const frames: Buffer[] = [];
  for (; sent < upTo; sent++) frames.push(queueDeclare(1, `${prefix}-${sent}`, true));
  if (frames.length > 0) conn.socket.write(Buffer.concat(frames));
  await new Promise<void>((r) => { wake = r; });
  if (acked >= nextReport) {
    nextReport += 100_000;
    peak = Math.max(peak, rss());
    process.stdout.write(`${acked} queues, ${((performance.now() - started) / 1000).toFixed(1)} s, broker RSS ${(rss() / MB).toFixed(0)} MB\n`);
  }
}
const declareSeconds = (performance.now() - started) / 1000;
peak = Math.max(peak, rss());
const latency = await bystander.stop();
const closing = performance.now();
await conn.close(600_000);
const closeSeconds = (performance.now() - closing) / 1000;

process.stdout.write([
  `${n} exclusive queues declared by one client in ${declareSeconds.toFixed(1)} s (${Math.round(n / declareSeconds)}/s)`,
  pid === null ? 'broker pid unknown: no memory figures' : `broker RSS ${(before / MB).toFixed(0)} MB -> ${(peak / MB).toFixed(0)} MB: ${Math.round((peak - before) / n)} bytes per queue`,
  `bystander round trips meanwhile: ${latency.count}, p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`,
  `connection close (the queues deleted with it): ${closeSeconds.toFixed(1)} s`,
].join('\n') + '\n');
process.exit(0);
