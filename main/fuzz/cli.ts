// Warren's fuzzer (`npm run fuzz -- ...`): random and damaged frames to every listener while a
// sentinel client checks nobody else is hurt. See --help; every run prints its seed.
import { fuzz, problems, type FuzzOptions, type FuzzReport } from './driver';
import { LISTENERS, type Listener } from './findings';
import { ownBroker, targetsFromUrls } from './targets';

const HELP = `Usage:
  npm run fuzz -- [--listener amqp|mqtt|ws|http|all] [--frames N] [--seed S] [options]
  Without --url a \`warren serve --in-memory\` of its own is started (and stopped) on free ports.

Options:
  --listener L       amqp, mqtt, ws (Web-MQTT, AMQP over WebSocket, the UI's /api/ws), http (the
                     management API), or all (default); repeatable or comma-separated
  --frames N         frames (packets, messages, requests) per listener (default 100000)
  --seed S           the run's seed (default: random, printed); with --session K reruns one session
  --session K        run only session K of each listener (a finding names its session)
  --concurrency N    sessions in parallel per listener (default 4)
  --parallel         fuzz the listeners at the same time (default: one after the other)
  --timeout MS       how long the broker may take to answer a round trip before it counts as a hang (default 10000)
  --mutation-rate P  chance that a generated frame or packet is damaged (default 0.01)
  --settle S         seconds RSS may take to come back after the run (default 30)
  --warmup N         frames per listener before the RSS baseline is taken (default 5000)
  --max-minutes M    stop each listener after M minutes, short of its frames; the checks and the
                     report follow (so does Ctrl-C with --url; a broker of its own gets it too)
  --url URL          an AMQP listener to fuzz (amqp://admin:pass@host:port), instead of starting one
  --mqtt-url URL     its MQTT listener (mqtt://host:port), --web-mqtt-url ws://host:port/ws,
  --ui-url URL       its UI and management API (http://host:port), --broker-pid PID for its RSS
  --json             print the report as JSON
`;

interface Args { o: FuzzOptions; url?: string; mqttUrl?: string; webMqttUrl?: string; uiUrl?: string; pid?: number; json: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { o: { listeners: LISTENERS, frames: 100_000, seed: (Math.random() * 2 ** 31) >>> 0, concurrency: 4, timeoutMs: 10_000, mutationRate: 0.01, settleMs: 30_000, warmup: 5000 }, json: false };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number, got '${v ?? ''}'`);
    return n;
  };
  const listeners: Listener[] = [];
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const v = (): string | undefined => argv[++i];
    switch (f) {
      case '--listener': for (const l of (v() ?? '').split(',')) {
        if (l === 'all') listeners.push(...LISTENERS);
        else if ((LISTENERS as readonly string[]).includes(l)) listeners.push(l as Listener);
        else throw new Error(`--listener must be amqp, mqtt, ws, http or all, got '${l}'`);
      } break;
      case '--frames': a.o.frames = num(f, v()); break;
      case '--seed': a.o.seed = num(f, v()) >>> 0; break;
      case '--session': a.o.only = num(f, v()); break;
      case '--concurrency': a.o.concurrency = Math.max(1, num(f, v())); break;
      case '--timeout': a.o.timeoutMs = num(f, v()); break;
      case '--mutation-rate': a.o.mutationRate = num(f, v()); break;
      case '--settle': a.o.settleMs = num(f, v()) * 1000; break;
      case '--warmup': a.o.warmup = num(f, v()); break;
      case '--max-minutes': a.o.maxSeconds = num(f, v()) * 60; break;
      case '--url': a.url = v(); break;
      case '--mqtt-url': a.mqttUrl = v(); break;
      case '--web-mqtt-url': a.webMqttUrl = v(); break;
      case '--ui-url': a.uiUrl = v(); break;
      case '--broker-pid': a.pid = num(f, v()); break;
      case '--json': a.json = true; break;
      case '--parallel': a.o.parallel = true; break;
      case '--help': case '-h': process.stdout.write(HELP); process.exit(0); break;
      default: throw new Error(`unknown option ${f} (see --help)`);
    }
  }
  if (listeners.length) a.o.listeners = [...new Set(listeners)];
  return a;
}

function summary(r: FuzzReport, bad: string[]): string {
  const lines = [`seed ${r.seed}`];
  for (const l of r.listeners) {
    lines.push(`${l.listener.padEnd(5)} ${String(l.frames).padStart(9)} frames  ${String(l.sessions).padStart(6)} sessions  ${String(l.seconds).padStart(7)} s  ${l.findingCount} findings`);
    lines.push(`      ${Object.entries(l.outcomes).slice(0, 8).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  }
  const s = r.sentinel;
  lines.push(`sentinel: ${s.published} published, ${s.confirmed} confirmed, ${s.received} received, ${s.lost} lost, latency p50 ${s.latencyMs.p50} ms p99 ${s.latencyMs.p99} ms max ${s.latencyMs.max} ms`);
  lines.push(`broker RSS: ${r.rss.cold} MiB at start, ${r.rss.before} MiB after the warm-up (baseline), ${r.rss.peak} MiB peak, ${r.rss.after} MiB after; in use after GC (JS heap + outside it): ${r.heap.before ?? '?'} + ${r.external.before ?? '?'} MiB before, ${r.heap.after ?? '?'} + ${r.external.after ?? '?'} MiB after; fresh clients: ${Object.entries(r.fresh).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(bad.length ? `FAILED:\n  ${bad.join('\n  ')}` : 'PASSED');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  process.stdout.write(`warren fuzz: seed ${a.o.seed}, ${a.o.frames} frames per listener (${a.o.listeners.join(', ')})\n`);
  const own = a.url ? null : await ownBroker();
  const targets = own ? own.targets : targetsFromUrls(a.url!, a);
  const stop = { requested: false };
  process.once('SIGINT', () => { stop.requested = true; process.stdout.write('stopping early: finishing the sessions under way, then the checks\n'); });
  let r: FuzzReport;
  try {
    r = await fuzz(targets, { ...a.o, stop, log: (l) => process.stdout.write(`${l}\n`) });
  } finally {
    if (own && (await own.warren.stop()) !== 0 && own.warren.output().includes('Error')) process.stdout.write(`broker output:\n${own.warren.output().slice(-4000)}\n`);
  }
  const bad = problems(r);
  process.stdout.write(a.json ? `${JSON.stringify({ ...r, problems: bad }, null, 2)}\n` : `${summary(r, bad)}\n`);
  process.exit(bad.length ? 1 : 0);
}

main().catch((e: Error) => { process.stderr.write(`fuzz: ${e.message}\n`); process.exit(2); });
