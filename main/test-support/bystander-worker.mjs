// The bystander's round trips, run in a worker thread so that its timings measure the broker, not
// the test process that drives a hostile client beside it (plain JavaScript: a worker loads its
// file as Node runs it). bystander.ts starts it and collects the samples it posts.
import { parentPort, workerData } from 'node:worker_threads';
import amqp from 'amqplib';

const { url, paceMs, minSamples } = workerData;
const conn = await amqp.connect(url);
conn.on('error', () => undefined);
const ch = await conn.createConfirmChannel();
const { queue } = await ch.assertQueue('', { exclusive: true });
let wake = null;
await ch.consume(queue, () => wake?.(), { noAck: true });

let stopAt = 0;
let count = 0;
parentPort.on('message', (m) => { if (m === 'stop') stopAt = Date.now(); });
parentPort.postMessage({ type: 'ready' });
try {
  // after 'stop': on until minSamples are in (at most 5 s more), so a short scenario has some
  while (stopAt === 0 || (count < minSamples && Date.now() - stopAt < 5000)) {
    const started = performance.now();
    const delivered = new Promise((resolve) => { wake = resolve; });
    ch.sendToQueue(queue, Buffer.from('ping'));
    await Promise.all([ch.waitForConfirms(), delivered]);
    count++;
    parentPort.postMessage({ type: 'sample', ms: performance.now() - started });
    await new Promise((r) => setTimeout(r, paceMs));
  }
  await conn.close();
} catch {
  // the broker went away: the samples so far stand
}
parentPort.postMessage({ type: 'done' });
