// The fuzz run: for each listener in turn (or all at once), `concurrency` workers run generated
// sessions until the listener has had its frames, while the sentinel publishes and consumes and
// the broker's RSS is sampled every second. Afterwards the fuzzer's vhost is deleted, the broker
// must answer fresh AMQP, MQTT and HTTP clients, and its memory in use after GC (read through the
// inspector of a broker the fuzzer started; else its RSS) must come back near the baseline.
import amqp from 'amqplib';
import { rssBytes } from '../perf/proc-stats';
import { amqpSession, type SessionOptions } from './amqp-session';
import { LISTENERS, Tally, type Finding, type Listener } from './findings';
import { httpSession } from './http-session';
import { memoryAfterGc } from './inspector-heap';
import { mqttSession } from './mqtt-session';
import { settlesWithin, tcpPipe, wsPipe } from './pipe';
import { Rng } from './rng';
import { Sentinel, type SentinelReport } from './sentinel';
import { admin, cleanUp, FUZZ_LOGIN, setUp, uiCookie, type Targets } from './targets';
import { uiWsSession } from './ui-ws-session';

export interface FuzzOptions {
  listeners: readonly Listener[];
  /** frames per listener */
  frames: number;
  /** frames for some listeners instead (the CI slice gives the slow HTTP API fewer) */
  framesFor?: Partial<Record<Listener, number>>;
  seed: number;
  concurrency: number;
  timeoutMs: number;
  /** chance that a generated unit (frame, publish, packet) is damaged */
  mutationRate: number;
  /** run only this session of each listener (to reproduce a finding) */
  only?: number;
  /** how long RSS may take to come back after the run */
  settleMs: number;
  /** frames per listener before the RSS baseline is taken */
  warmup: number;
  /** a listener stops early after this long (its report says how many frames it had) */
  maxSeconds?: number;
  /** fuzz the listeners at the same time, not one after the other (the CI slice: its time is the
   *  slowest listener's, and the broker takes every kind of abuse at once) */
  parallel?: boolean;
  /** set to stop every listener early (Ctrl-C): the run still ends with its checks and report */
  stop?: { requested: boolean };
  log?: (line: string) => void;
}

export interface ListenerReport { listener: Listener; frames: number; sessions: number; seconds: number; outcomes: Record<string, number>; findings: Finding[]; findingCount: number }

export interface FuzzReport {
  seed: number;
  listeners: ListenerReport[];
  sentinel: SentinelReport;
  /** broker RSS in MiB (null: unknown pid): at the start, after the warm-up (the baseline), the
   *  highest sample (every second), and after the run and clean-up had settled */
  rss: { cold: number | null; before: number | null; peak: number | null; after: number | null };
  /** its JS heap in use after a full GC, MiB, at the baseline and at the end (a broker the fuzzer
   *  started: through its inspector; otherwise null). This, not RSS, says whether memory leaked. */
  heap: { before: number | null; after: number | null };
  /** the memory outside the heap that live objects hold (Buffers), MiB, at the same moments */
  external: { before: number | null; after: number | null };
  /** did a fresh client of each kind get in after the run? */
  fresh: Record<'amqp' | 'mqtt' | 'http', string>;
  brokerAlive: boolean;
}

const mib = (b: number | null): number | null => (b === null ? null : Math.round((b / 1048576) * 10) / 10);

/** One session of `listener` (the ws listener takes Web-MQTT, AMQP over WebSocket and the UI's
 *  contract in turn); returns the frames it sent. */
async function session(listener: Listener, t: Targets, cookie: string, rng: Rng, opts: SessionOptions, tally: Tally, k: number): Promise<number> {
  const amqpLogin = FUZZ_LOGIN;
  const mqttLogin = { user: `${FUZZ_LOGIN.vhost}:${FUZZ_LOGIN.user}`, pass: FUZZ_LOGIN.pass };
  switch (listener) {
    case 'amqp': return amqpSession(await tcpPipe(t.amqp.host, t.amqp.port), rng, amqpLogin, opts, tally, k);
    case 'mqtt': return mqttSession(await tcpPipe(t.mqtt!.host, t.mqtt!.port), rng, mqttLogin, opts, tally, k);
    case 'http': return httpSession(rng, { ...t.ui, user: FUZZ_LOGIN.user, pass: FUZZ_LOGIN.pass }, opts, tally, k);
    case 'ws': {
      const which = k % 3;
      if (which === 0 && t.webMqtt) return mqttSession(await wsPipe(t.webMqtt, ['mqtt']), rng, mqttLogin, opts, tally, k, 'web-mqtt');
      if (which === 1) return amqpSession(await wsPipe(`ws://${t.ui.host}:${t.ui.port}/amqp`, ['amqp']), rng, amqpLogin, opts, tally, k);
      return uiWsSession(`ws://${t.ui.host}:${t.ui.port}/api/ws`, cookie, rng, opts, tally, k);
    }
  }
}

async function runListener(listener: Listener, t: Targets, cookie: string, root: Rng, o: FuzzOptions): Promise<ListenerReport> {
  const tally = new Tally(listener);
  const t0 = performance.now();
  const base = LISTENERS.indexOf(listener) * 10_000_000;
  let next = o.only ?? 0;
  let lastLog = t0;
  const deadline = o.maxSeconds === undefined ? Infinity : t0 + o.maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (tally.frames < o.frames && !o.stop?.requested && performance.now() < deadline) {
      const k = next++;
      if (o.only !== undefined && k !== o.only) return;
      const rng = root.fork(base + k);
      const budget = Math.min(rng.range(50, 400), Math.max(1, o.frames - tally.frames));
      const opts: SessionOptions = { frames: budget, mutationRate: o.mutationRate, timeoutMs: o.timeoutMs };
      try {
        const sent = await session(listener, t, cookie, rng, opts, tally, k); // (not `+= await`: workers interleave)
        tally.frames += sent;
      } catch (e) {
        tally.find('setup', `session could not start: ${(e as Error).message}`, k);
        tally.frames += 1; // a refused connection still spends budget, so a dead broker ends the run
        await new Promise((r) => setTimeout(r, 100));
      }
      tally.sessions++;
      if (o.only !== undefined) return;
      if (performance.now() - lastLog > 10_000) { lastLog = performance.now(); o.log?.(`  ${listener}: ${tally.frames} frames, ${tally.sessions} sessions, ${tally.findingCount} findings`); }
    }
  };
  await Promise.all(Array.from({ length: o.only !== undefined ? 1 : o.concurrency }, worker));
  return {
    listener, frames: tally.frames, sessions: tally.sessions, seconds: Math.round((performance.now() - t0) / 100) / 10,
    outcomes: Object.fromEntries([...tally.outcomes].sort((a, b) => b[1] - a[1])), findings: tally.findings, findingCount: tally.findingCount,
  };
}

/** Can a new client of each kind still get in? "ok", or what went wrong. */
async function freshClients(t: Targets): Promise<FuzzReport['fresh']> {
  const amqpCheck = async (): Promise<string> => {
    const c = await amqp.connect({ hostname: t.amqp.host, port: t.amqp.port, username: t.admin.user, password: t.admin.pass });
    const ch = await c.createChannel();
    await ch.checkExchange('amq.direct');
    await c.close();
    return 'ok';
  };
  const mqttCheck = async (): Promise<string> => {
    if (!t.mqtt) return 'not run';
    const pipe = await tcpPipe(t.mqtt.host, t.mqtt.port);
    let reply = Buffer.alloc(0);
    pipe.onData = (b) => { reply = Buffer.concat([reply, b]); if (reply.length >= 4) pipe.destroy(); };
    const id = Buffer.from('fuzz-fresh');
    const user = Buffer.from(t.admin.user);
    const pass = Buffer.from(t.admin.pass);
    const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
    const body = Buffer.concat([str(Buffer.from('MQTT')), Buffer.from([4, 0xc2, 0, 30]), str(id), str(user), str(pass)]);
    pipe.write(Buffer.concat([Buffer.from([0x10, body.length]), body]));
    if (!(await settlesWithin(pipe.closed, 5000))) pipe.destroy();
    return reply[0] === 0x20 && reply[3] === 0 ? 'ok' : `CONNACK ${reply.toString('hex') || 'missing'}`;
  };
  const httpCheck = async (): Promise<string> => { const r = await admin(t, 'GET', '/api/overview'); return r.status === 200 ? 'ok' : `${r.status}`; };
  const safe = (f: () => Promise<string>): Promise<string> => f().catch((e: Error) => `failed: ${e.message}`);
  return { amqp: await safe(amqpCheck), mqtt: await safe(mqttCheck), http: await safe(httpCheck) };
}

function alive(pid: number | null): boolean {
  if (pid === null) return true;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

export async function fuzz(t: Targets, o: FuzzOptions): Promise<FuzzReport> {
  const log = o.log ?? (() => {});
  const root = new Rng(o.seed);
  await setUp(t);
  const cookie = o.listeners.includes('ws') ? await uiCookie(t) : '';
  const sentinel = await Sentinel.start(`amqp://${encodeURIComponent(t.admin.user)}:${encodeURIComponent(t.admin.pass)}@${t.amqp.host}:${t.amqp.port}`);
  const cold = t.pid === null ? null : rssBytes(t.pid);
  const chosen = o.listeners.filter((l) => l !== 'mqtt' || t.mqtt);
  // A warm-up slice (its own seed space) first: the baseline is the broker's RSS once its code is
  // compiled and its heap has grown to a working size, so that "back to baseline" measures leaks.
  if (o.warmup > 0 && o.only === undefined) {
    log(`warming up (${o.warmup} frames per listener)`);
    const warm = (l: Listener): Promise<ListenerReport> => runListener(l, t, cookie, root.fork(0x7fff_ffff), { ...o, frames: o.warmup });
    if (o.parallel) await Promise.all(chosen.map(warm));
    else for (const l of chosen) await warm(l);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const heap = (): Promise<{ heap: number; external: number } | null> => (t.inspector ? memoryAfterGc(t.inspector).catch(() => null) : Promise.resolve(null));
  const heapBefore = await heap();
  const before = t.pid === null ? null : rssBytes(t.pid);
  let peak = before;
  const sampler = setInterval(() => { const r = t.pid === null ? null : rssBytes(t.pid); if (r !== null && (peak === null || r > peak)) peak = r; }, 1000);
  const listeners: ListenerReport[] = [];
  const one = async (l: Listener): Promise<ListenerReport> => {
    log(`fuzzing ${l} (seed ${o.seed})`);
    const r = await runListener(l, t, cookie, root, { ...o, frames: o.framesFor?.[l] ?? o.frames });
    log(`  ${l}: ${r.frames} frames in ${r.seconds} s, ${r.sessions} sessions, ${r.findingCount} findings`);
    return r;
  };
  try {
    if (o.parallel) listeners.push(...(await Promise.all(chosen.map(one))));
    else {
      for (const l of chosen) {
        listeners.push(await one(l));
        if (!alive(t.pid) || o.stop?.requested) break;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const brokerAlive = alive(t.pid);
  const sentinelReport = await sentinel.stop();
  if (brokerAlive) await cleanUp(t).catch(() => {});
  const fresh = brokerAlive ? await freshClients(t) : { amqp: 'broker gone', mqtt: 'broker gone', http: 'broker gone' };
  // RSS settles: the fuzzer's queues are gone; give the broker's allocator time to hand memory back
  let after = t.pid === null ? null : rssBytes(t.pid);
  const deadline = Date.now() + o.settleMs;
  while (after !== null && before !== null && after > before * 1.25 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    after = rssBytes(t.pid!);
  }
  const heapAfter = brokerAlive ? await heap() : null;
  return {
    seed: o.seed, listeners, sentinel: sentinelReport, fresh, brokerAlive,
    rss: { cold: mib(cold), before: mib(before), peak: mib(peak), after: mib(after) },
    heap: { before: mib(heapBefore?.heap ?? null), after: mib(heapAfter?.heap ?? null) },
    external: { before: mib(heapBefore?.external ?? null), after: mib(heapAfter?.external ?? null) },
  };
}

/** The verdict: what failed, or nothing. `rssTolerance`: how much above the baseline RSS may settle. */
export function problems(r: FuzzReport, rssTolerance = { ratio: 1.5, mib: 64 }): string[] {
  const out: string[] = [];
  if (!r.brokerAlive) out.push('the broker process died');
  for (const l of r.listeners) for (const f of l.findings) out.push(`${l.listener} session ${f.session}: ${f.kind}: ${f.detail}`);
  for (const l of r.listeners) if (l.findingCount > l.findings.length) out.push(`${l.listener}: ${l.findingCount - l.findings.length} more findings like those`);
  const s = r.sentinel;
  if (s.errors.length) out.push(`sentinel errors: ${s.errors.join('; ')}`);
  if (s.lost) out.push(`sentinel: ${s.lost} confirmed messages lost`);
  if (s.duplicates || s.outOfOrder) out.push(`sentinel: ${s.duplicates} duplicates, ${s.outOfOrder} out of order`);
  if (s.confirmed === 0) out.push('sentinel: nothing was confirmed');
  for (const [k, v] of Object.entries(r.fresh)) if (v !== 'ok' && v !== 'not run') out.push(`fresh ${k} client: ${v}`);
  // the heap after GC when the inspector tells it (V8 keeps pages it grew into: RSS stays high
  // without a leak), else RSS
  if (r.heap.before !== null && r.heap.after !== null) {
    if (r.heap.after > r.heap.before * 1.25 + 8) out.push(`the heap after GC grew: ${r.heap.before} MiB before, ${r.heap.after} MiB after`);
    const x = r.external;
    if (x.before !== null && x.after !== null && x.after > x.before * 1.25 + 16) out.push(`the memory outside the heap after GC grew: ${x.before} MiB before, ${x.after} MiB after`);
  } else if (r.rss.before !== null && r.rss.after !== null && r.rss.after > Math.max(r.rss.before * rssTolerance.ratio, r.rss.before + rssTolerance.mib)) {
    out.push(`RSS did not settle: ${r.rss.before} MiB before, ${r.rss.after} MiB after (peak ${r.rss.peak})`);
  }
  return out;
}
