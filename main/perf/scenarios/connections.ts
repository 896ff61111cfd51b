// Many connections: scenario 8 (AMQP, one channel each) and, through measureConnections, scenario 14 (MQTT):
// time to open them all, handshake latency, and broker memory per connection.
import { RawConnection } from '../raw-client';
import { cpuSnap, cpuDelta, nofileLimit, openFds, rssBytes } from '../proc-stats';
import { percentile } from './latency';
import { sleep, type Metric, type RunContext, type RunOutput } from './types';

/**
 * How many connections fit under RLIMIT_NOFILE of this process and of the broker (when its pid is known),
 * with a clear message when a limit is low. Node cannot raise its own limit: the shell has to.
 */
export function connectionBudget(wanted: number, brokerPid: number | null = null, scenario = 'Scenario 8'): { count: number; note: string | null } {
  const notes: string[] = [];
  let count = wanted;
  const { soft, hard } = nofileLimit();
  const need = wanted + 200;
  if (soft < need || soft < 4096) {
    notes.push(`this process's RLIMIT_NOFILE (ulimit -n) is ${soft} (hard ${hard}); ${wanted} connections need about ${need} descriptors` +
      ` and the benchmark expects at least 4096. Raise it in the shell before running, e.g. \`ulimit -n 65536\`` +
      (hard < need ? ' (the hard limit is lower too: raise it in /etc/security/limits.conf or the container settings)' : '') + '.');
    count = Math.min(count, soft - 200);
  }
  if (brokerPid !== null) {
    const b = nofileLimit(brokerPid);
    const used = openFds(brokerPid) ?? 0;
    // RabbitMQ keeps ~10% of its descriptors for files; other brokers need some headroom too
    const room = Math.floor(b.soft * 0.8) - used;
    if (b.soft > 0 && Number.isFinite(b.soft) && room < wanted) {
      notes.push(`the broker (pid ${brokerPid}) runs with RLIMIT_NOFILE ${b.soft} and ${used} descriptors open, room for about ${Math.max(0, room)} connections;` +
        ` start it from a shell with a higher \`ulimit -n\` (e.g. 65536) to measure ${wanted}.`);
      count = Math.min(count, room);
    }
  }
  count = Math.max(0, count);
  return { count, note: notes.length ? `${notes.join(' Also, ')} ${scenario} uses ${count} connections.` : null };
}

/** Runs `fn` over `items` with at most `parallel` calls in flight. */
export async function pool<T>(items: T[], parallel: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; await fn(items[i], i); } };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** A connection as the many-connections measurement needs it. */
export interface Closable { readonly error: Error | null; readonly socket: { destroy(): void }; close(timeoutMs?: number): Promise<void> }

export interface ManySpec<C extends Closable> {
  /** connections wanted (cut to the descriptor budget) and the scenario's name for the budget note */
  wanted: number;
  scenario: string;
  open: (i: number) => Promise<C>;
  /** what the table calls a connection ("connections", "MQTT clients") and its handshake */
  noun: string;
  handshake: string;
  /** what the verify line says about each connection */
  what: string;
  /** while they are open (e.g. keep-alive pings); returns a function that stops it */
  hold?: (conns: (C | null)[]) => () => void;
}

/** Opens many connections: time to open them all, handshake latency, broker memory per connection, close time. */
export async function measureConnections<C extends Closable>(ctx: RunContext, spec: ManySpec<C>): Promise<RunOutput> {
  const notes: string[] = [];
  const budget = connectionBudget(spec.wanted, ctx.brokerPid, spec.scenario);
  if (budget.note) notes.push(budget.note);
  const n = budget.count;
  if (n === 0) return { metrics: [], verified: false, verify: 'skipped: descriptor limit too low', notes };
  const conns: (C | null)[] = new Array(n).fill(null);
  const handshake = new Float64Array(n);
  const errors: string[] = [];
  const unhold = spec.hold?.(conns);
  try {
    await sleep(500);
    const rss0 = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    const c0 = cpuSnap(ctx.brokerPids);
    let gaveUp = false;
    await pool(conns, ctx.opts.connParallel, async (_c, i) => {
      if (gaveUp) { handshake[i] = NaN; return; }
      const t = performance.now();
      try {
        conns[i] = await spec.open(i);
      } catch (e) {
        errors.push(errors.length < 5 ? `#${i}: ${(e as Error).message}` : '');
        if (errors.length >= 10) gaveUp = true; // the broker refuses more: stop instead of timing out thousands of times
      }
      handshake[i] = performance.now() - t;
    });
    if (gaveUp) notes.push('gave up opening connections after 10 failures');
    const c1 = cpuSnap(ctx.brokerPids);
    const d = cpuDelta(c0, c1);
    await sleep(1000);
    const rss1 = ctx.brokerPid ? rssBytes(ctx.brokerPid) : null;
    const alive = conns.filter((c) => c && !c.error).length;
    const t2 = performance.now();
    await pool(conns, ctx.opts.connParallel, async (c) => { if (c) await c.close(5000).catch(() => {}); });
    const closeS = (performance.now() - t2) / 1000;
    const sorted = handshake.filter(Number.isFinite).sort();
    const metrics: Metric[] = [
      { key: 'open_s', label: `time to open ${n} ${spec.noun}`, value: d.wall, unit: 's', better: 'lower' },
      { key: 'open_rate', label: `${spec.noun} opened/s`, value: alive / d.wall, unit: 'conn/s', better: 'higher' },
      { key: 'hs_p50', label: `${spec.handshake} p50`, value: percentile(sorted, 0.5), unit: 'ms', better: 'lower' },
      { key: 'hs_p99', label: `${spec.handshake} p99`, value: percentile(sorted, 0.99), unit: 'ms', better: 'lower' },
    ];
    if (rss0 !== null && rss1 !== null) {
      metrics.push({ key: 'rss_per_conn', label: 'broker RSS per connection', value: (rss1 - rss0) / Math.max(1, alive) / 1024, unit: 'KiB', better: 'lower' });
      metrics.push({ key: 'rss', label: `broker RSS with ${alive} connections`, value: rss1 / 1048576, unit: 'MiB', better: 'lower' });
    }
    metrics.push(
      { key: 'close_s', label: 'time to close them', value: closeS, unit: 's', better: 'lower' },
      { key: 'broker_cores', label: 'broker CPU while opening', value: d.broker, unit: 'cores', better: 'none' },
      { key: 'gen_cores', label: 'generator CPU while opening', value: d.gen, unit: 'cores', better: 'none' },
    );
    const failed = errors.length;
    return {
      metrics, cpu: d, notes, verified: failed === 0 && alive === n,
      verify: failed === 0 && alive === n ? `ok: ${n} ${spec.what} (${ctx.opts.connParallel} handshakes in flight), all alive 1 s later`
        : `${failed} failed, ${alive}/${n} alive: ${errors.filter(Boolean).join('; ')}`,
    };
  } finally {
    unhold?.();
    for (const c of conns) c?.socket.destroy();
  }
}

export function runConnections(ctx: RunContext): Promise<RunOutput> {
  return measureConnections(ctx, {
    wanted: ctx.opts.connections, scenario: 'Scenario 8', noun: 'connections', handshake: 'handshake', what: 'connections + channels opened',
    open: () => RawConnection.open(ctx.target, { timeoutMs: 15_000 }),
  });
}
