// Responsiveness under load: 200 queues, 1,000 bindings and ~20,000 messages/s of traffic from
// raw amqplib publishers, against a real `warren serve`, with the UI open in Chromium. Measures in
// the page: frame times (requestAnimationFrame deltas, p50/p95/p99/max), the flow events reaching
// the page per second, and how long a click takes to show (input latency).
//   npm run perf:ui            (build first; RATE=20000 SECONDS=10 to change)
import amqp from 'amqplib';
import { launchChromium, logIn, screenshot } from '../main/test-support/browser';
import { startWarrenProcess } from '../main/test-support/e2e-broker';

const RATE = Number(process.env.RATE ?? 20_000);
const SECONDS = Number(process.env.SECONDS ?? 10);
const EXCHANGES = 10, QUEUES = 200, BINDINGS_PER_QUEUE = 5, PUBLISHERS = 4;

const warren = await startWarrenProcess();
const setup = await amqp.connect(warren.amqpUrl, { clientProperties: { connection_name: 'perf-setup' } });
const ch = await setup.createChannel();
for (let e = 0; e < EXCHANGES; e++) await ch.assertExchange(`perf.x${e}`, 'direct', { durable: false });
for (let q = 0; q < QUEUES; q++) {
  await ch.assertQueue(`perf.q${q}`, { durable: false, arguments: q % 10 === 0 ? { 'x-dead-letter-exchange': 'perf.x0' } : {} });
  for (let b = 0; b < BINDINGS_PER_QUEUE; b++) await ch.bindQueue(`perf.q${q}`, `perf.x${(q + b) % EXCHANGES}`, `k${q}.${b}`);
}
// consumers drain every queue (auto-ack), so deliveries flow too
const consumerConn = await amqp.connect(warren.amqpUrl, { clientProperties: { connection_name: 'perf-consumers' } });
const cch = await consumerConn.createChannel();
for (let q = 0; q < QUEUES; q++) await cch.consume(`perf.q${q}`, () => {}, { noAck: true });

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(warren.uiUrl);
await logIn(page, 'guest', 'guest');
const tDraw = Date.now();
// every node is in the minimap (the canvas itself renders only what is on screen at this size)
await page.waitForFunction((n) => document.querySelectorAll('.react-flow__minimap-node').length >= n, QUEUES + EXCHANGES, { timeout: 60_000 });
console.log(`laid out in ${Date.now() - tDraw} ms after load`);
console.log(`topology drawn: ${QUEUES} queues, ${QUEUES * BINDINGS_PER_QUEUE} bindings, ${EXCHANGES} exchanges`);

// publishers: raw amqplib, paced in 10 ms slices to the target rate
const pubs = await Promise.all(Array.from({ length: PUBLISHERS }, async (_, i) => {
  const c = await amqp.connect(warren.amqpUrl, { clientProperties: { connection_name: `perf-publisher-${i}` } });
  return { c, ch: await c.createChannel() };
}));
let published = 0;
let running = true;
const body = Buffer.alloc(64, 'x');
const perSlice = RATE / PUBLISHERS / 100;
const loops = pubs.map(async ({ ch: pch }, i) => {
  let n = 0, debt = 0;
  while (running) {
    const t0 = Date.now();
    debt += perSlice;
    while (debt >= 1) {
      const q = (n++ * 7 + i) % QUEUES;
      const ok = pch.publish(`perf.x${q % EXCHANGES}`, `k${q}.0`, body);
      debt--;
      published++;
      if (!ok) await new Promise((r) => pch.once('drain', r));
    }
    const wait = 10 - (Date.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
});

// (a string, so that the bundler's helpers do not leak into the page)
await page.evaluate(`(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`);
const received0 = Number(await page.getByTestId('flow-overlay').getAttribute('data-received'));
const pub0 = published;
const t0 = Date.now();
// input latency: click a queue and wait for the inspector, a few times during the run
const clicks: number[] = [];
for (let i = 0; i < 5; i++) {
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 6));
  const s = Date.now();
  await page.locator('.react-flow__node-queue').nth(i).click({ force: true });
  await page.getByRole('complementary', { name: 'inspector' }).waitFor();
  clicks.push(Date.now() - s);
}
await new Promise((r) => setTimeout(r, Math.max(0, SECONDS * 1000 - (Date.now() - t0))));
const secs = (Date.now() - t0) / 1000;
const frames = (await page.evaluate('window.__frames.slice(5)')) as number[];
const received1 = Number(await page.getByTestId('flow-overlay').getAttribute('data-received'));
const status = await page.locator('.status').textContent();
await screenshot(page, 'perf-200-queues');
running = false;
await Promise.all(loops);

frames.sort((a, b) => a - b);
const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))].toFixed(1);
const result = {
  publishRate: Math.round((published - pub0) / secs),
  frames: frames.length,
  fps: Math.round(frames.length / secs),
  frameMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: frames.at(-1)!.toFixed(1) },
  flowEventsReachingPagePerSec: Math.round((received1 - received0) / secs),
  toolbar: status?.trim(),
  clickToInspectorMs: clicks,
};
console.log(JSON.stringify(result, null, 2));

await browser.close();
for (const p of pubs) await p.c.close();
await consumerConn.close();
await setup.close();
await warren.stop();
