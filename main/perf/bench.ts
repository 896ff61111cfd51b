// Warren benchmark tool (`npm run bench -- ...`). A cheap raw-socket AMQP load generator, so the broker is the
// bottleneck, with CPU accounting for both sides and a busy-machine check. See --help.
import os from 'node:os';
import { RawConnection, parseUrl, type Target } from './raw-client';
import { coreCount, findPidByPort, nofileLimit, otherCpuCores, processName, processTree } from './proc-stats';
import { scenarios, selectScenarios } from './scenarios/index';
import { connectionBudget } from './scenarios/connections';
import type { RunContext, RunOptions } from './scenarios/types';
import { ceilingTable, compareTable, runLine, singleTable, writeJson, type RunRecord } from './report';
import { RELAY_CHILD_FLAG, relayCeilings, runRelayChild, type CeilingRun } from './ceiling';

const HELP = `Usage:
  npm run bench -- --url amqp://guest:guest@127.0.0.1:5672 [options]
  npm run bench -- --compare amqp://...A amqp://...B [--name-a warren] [--name-b rabbitmq] [--rounds 3] [options]
  (while developing: npx tsx main/perf/bench.ts ...)

Options:
  --scenario S        scenarios to run: numbers, names, ranges, comma-separated or repeated (default all)
${scenarios.map((s) => `                        ${String(s.id).padStart(2)} ${s.name.padEnd(12)} ${s.title}`).join('\n')}
  --duration S        measured seconds per run (default 10)
  --warmup S          warm-up seconds before measuring (default 2)
  --rounds N          runs per scenario and target (default 1 with --url, 3 with --compare)
  --name NAME         display name of the --url target (default: the broker's product name)
  --broker-pid PID    broker process for --url (default: found from the port via /proc/net/tcp)
  --broker-pid-a PID, --broker-pid-b PID   the same for --compare
  --backlog N         scenario 7 message count (default 1000000)
  --connections N     scenario 8 connection count (default 2000); --conn-parallel N handshakes in flight (default 50)
  --rate N            scenario 6 publish rate in msg/s (default 2000)
  --ui-ws URL         scenario 10: Warren's UI event stream, e.g. ws://127.0.0.1:15673/api/ws
  --ui-ws-subscribe J text message sent after the WebSocket opens (optional)
  --ui-ws-force       attach the UI subscriber even if the broker's product is not Warren
  --json FILE         write all runs and the summary as JSON
  --no-ceiling        scenario 9: skip measuring the relay ceiling (the same bytes through a relay
                      that does no protocol work: Node with Warren's read buffers, and socat if installed)
  --busy-threshold C  cores other processes may use before a run counts as busy (default 0.15)
  --quiet-wait S      seconds to wait for a quiet machine before marking a run *busy* (default 30)
  --no-busy-check     skip the machine-quiet check
`;

interface Args {
  url?: string; compare?: [string, string]; nameA: string; nameB: string; name?: string;
  scenarios: string[]; rounds?: number; json?: string; brokerPid?: number; brokerPidA?: number; brokerPidB?: number;
  busyThreshold: number; quietWait: number; busyCheck: boolean; ceiling: boolean; opts: RunOptions;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    nameA: 'warren', nameB: 'rabbitmq', scenarios: [], busyThreshold: 0.15, quietWait: 30, busyCheck: true, ceiling: true,
    opts: { warmupS: 2, durationS: 10, backlog: 1_000_000, connections: 2000, connParallel: 50, latencyRate: 2000 },
  };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const eq = f.indexOf('=');
    const [flag, inline] = f.startsWith('--') && eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [f, undefined];
    const val = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': process.stdout.write(HELP); process.exit(0); break;
      case '--url': a.url = val(); break;
      case '--compare': {
        if (inline !== undefined) { const p = inline.split(','); a.compare = [p[0], p[1]]; break; }
        const x = argv[++i], y = argv[++i];
        if (!x || !y || x.startsWith('--') || y.startsWith('--')) throw new Error('--compare needs two URLs');
        a.compare = [x, y];
        break;
      }
      case '--name-a': a.nameA = val(); break;
      case '--name-b': a.nameB = val(); break;
      case '--name': a.name = val(); break;
      case '--scenario': case '--scenarios': case '-s': a.scenarios.push(val()); break;
      case '--duration': a.opts.durationS = num(flag, val()); break;
      case '--warmup': a.opts.warmupS = num(flag, val()); break;
      case '--rounds': a.rounds = Math.max(1, Math.floor(num(flag, val()))); break;
      case '--json': a.json = val(); break;
      case '--broker-pid': a.brokerPid = num(flag, val()); break;
      case '--broker-pid-a': a.brokerPidA = num(flag, val()); break;
      case '--broker-pid-b': a.brokerPidB = num(flag, val()); break;
      case '--backlog': a.opts.backlog = Math.max(1, Math.floor(num(flag, val()))); break;
      case '--connections': a.opts.connections = Math.floor(num(flag, val())); break;
      case '--conn-parallel': a.opts.connParallel = Math.max(1, Math.floor(num(flag, val()))); break;
      case '--rate': a.opts.latencyRate = Math.max(1, num(flag, val())); break;
      case '--ui-ws': a.opts.uiWs = val(); break;
      case '--ui-ws-subscribe': a.opts.uiWsSubscribe = val(); break;
      case '--ui-ws-force': a.opts.uiWsForce = true; break;
      case '--busy-threshold': a.busyThreshold = num(flag, val()); break;
      case '--quiet-wait': a.quietWait = num(flag, val()); break;
      case '--no-busy-check': a.busyCheck = false; break;
      case '--no-ceiling': a.ceiling = false; break;
      default: throw new Error(`unknown argument '${f}' (see --help)`);
    }
  }
  if (!a.url && !a.compare) throw new Error('give --url URL or --compare URL_A URL_B (see --help)');
  if (a.url && a.compare) throw new Error('--url and --compare are exclusive');
  return a;
}

interface TargetInfo { name: string; target: Target; pid: number | null; product: string; version: string }

const isLocal = (host: string) => /^(127\.|localhost$|::1$|\[::1\]$|0\.0\.0\.0$)/.test(host);

async function probe(url: string, name: string | undefined, pid: number | undefined): Promise<TargetInfo> {
  const target = parseUrl(url);
  const c = await RawConnection.open(target);
  const info = { product: c.product, version: c.version, frameMax: c.frameMax };
  await c.close();
  let brokerPid: number | null = pid ?? null;
  if (brokerPid === null && isLocal(target.host)) brokerPid = findPidByPort(target.port);
  return { name: name ?? (info.product.toLowerCase() || target.host), target, pid: brokerPid, product: info.product, version: info.version };
}

async function quietCheck(a: Args, exclude: number[], log: (s: string) => void): Promise<{ busy: boolean; other: number }> {
  if (!a.busyCheck) return { busy: false, other: 0 };
  let other = await otherCpuCores(exclude, 1000);
  if (other <= a.busyThreshold) return { busy: false, other };
  log(`  machine busy: other processes use ${other.toFixed(2)} cores (threshold ${a.busyThreshold}); waiting up to ${a.quietWait} s for quiet...`);
  const deadline = performance.now() + a.quietWait * 1000;
  while (performance.now() < deadline) {
    other = await otherCpuCores(exclude, 1000);
    if (other <= a.busyThreshold) return { busy: false, other };
  }
  log(`  still busy (${other.toFixed(2)} cores): this run will be marked *busy*`);
  return { busy: true, other };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stdout.write(s + '\n');
  const selected = selectScenarios(a.scenarios);
  const compare = !!a.compare;
  const rounds = a.rounds ?? (compare ? 3 : 1);

  const targets: TargetInfo[] = compare
    ? [await probe(a.compare![0], a.nameA, a.brokerPidA), await probe(a.compare![1], a.nameB, a.brokerPidB)]
    : [await probe(a.url!, a.name, a.brokerPid)];
  if (compare && targets[0].name === targets[1].name) throw new Error('--name-a and --name-b must differ');

  log(`warren bench: ${coreCount()} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ulimit -n ${nofileLimit().soft}`);
  for (const t of targets) {
    log(`  ${t.name}: ${t.target.host}:${t.target.port} — ${t.product || '?'} ${t.version}, broker pid ${t.pid ?? 'unknown'}${t.pid ? ` (${processName(t.pid)})` : ''}`);
    if (!t.pid) log(`    (broker CPU and RSS are not reported for ${t.name}: pass --broker-pid${compare ? (t === targets[0] ? '-a' : '-b') : ''})`);
  }
  log(`  scenarios ${selected.map((s) => s.id).join(',')}; warm-up ${a.opts.warmupS} s, measured ${a.opts.durationS} s, ${rounds} round(s)` +
    `${compare ? `, alternating ${targets.map((t) => t.name).join('/')}` : ''}`);
  if (selected.some((s) => s.id === 8)) {
    let count = a.opts.connections;
    for (const t of targets) {
      const b = connectionBudget(a.opts.connections, t.pid);
      if (b.note) log(`  NOTE (${t.name}): ${b.note}`);
      count = Math.min(count, b.count);
    }
    if (compare && count < a.opts.connections) {
      log(`  scenario 8 uses ${count} connections on both targets so that they compare`);
      a.opts.connections = count;
    }
  }
  log('');

  const records: RunRecord[] = [];
  const ceilings: CeilingRun[] = [];
  for (const sc of selected) {
    log(`== #${sc.id} ${sc.name}: ${sc.title}`);
    for (let round = 1; round <= rounds; round++) {
      for (const t of targets) {
        const brokerPidsAll = targets.flatMap((x) => (x.pid ? processTree(x.pid) : []));
        const exclude = [...new Set([...brokerPidsAll, process.pid])];
        const q = await quietCheck(a, exclude, log);
        const ctx: RunContext = {
          target: t.target, name: t.name, product: t.product, brokerPid: t.pid,
          brokerPids: t.pid ? processTree(t.pid) : [], opts: a.opts, log,
        };
        const rec: RunRecord = {
          scenario: sc.id, scenarioName: sc.name, title: sc.title, target: t.name, round,
          startedAt: new Date().toISOString(), otherBefore: q.other, otherDuring: null, busy: q.busy,
        };
        try {
          rec.output = await sc.run(ctx);
          if (rec.output.cpu) {
            rec.otherDuring = rec.output.cpu.other;
            // other processes of the machine competing during the measured window
            if (a.busyCheck && rec.output.cpu.other > Math.max(a.busyThreshold, 0.25)) rec.busy = true;
          }
        } catch (e) {
          rec.error = (e as Error).message;
        }
        records.push(rec);
        log(runLine(rec));
      }
    }
    if (sc.id === 9 && a.ceiling) ceilings.push(...(await relayCeilings(a.opts, rounds, log)));
  }

  log('');
  const table = compare ? compareTable(records, targets[0].name, targets[1].name) : singleTable(records, targets[0].name);
  log(table);
  if (ceilings.length > 0) log(`\n${ceilingTable(ceilings, records, targets.map((t) => t.name))}`);
  if (records.some((r) => r.busy)) {
    log('\n*busy*: other processes used more than the threshold of CPU before or during that run; treat its figures with suspicion.');
  }
  if (a.json) {
    writeJson(a.json, {
      generatedAt: new Date().toISOString(),
      machine: { cores: coreCount(), cpu: os.cpus()[0]?.model, node: process.version },
      mode: compare ? 'compare' : 'single', rounds, options: a.opts,
      targets: targets.map((t) => ({ name: t.name, url: t.target.url.replace(/\/\/[^@]*@/, '//***@'), product: t.product, version: t.version, pid: t.pid })),
      runs: records,
      ceilings,
      table,
    });
    log(`\nJSON written to ${a.json}`);
  }
  const bad = records.filter((r) => r.error || !r.output?.verified).length;
  process.exitCode = bad ? 1 : 0;
}

if (process.argv[2] === RELAY_CHILD_FLAG) {
  runRelayChild();
} else {
  main().then(() => process.exit(process.exitCode ?? 0), (e: Error) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exit(2);
  });
}
