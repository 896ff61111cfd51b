// Warren benchmark tool (`npm run bench -- ...`). A cheap raw-socket AMQP load generator, so the broker is the
// bottleneck, with CPU accounting for both sides and a busy-machine check. See --help.
import os from 'node:os';
import { RawConnection, parseUrl, type Target } from './raw-client';
import { MqttConnection } from './mqtt-client';
import { coreCount, findPidByPort, nofileLimit, otherCpuCores, processName, processTree } from './proc-stats';
import { scenarios, selectScenarios } from './scenarios/index';
import { connectionBudget } from './scenarios/connections';
import type { RunContext, RunOptions } from './scenarios/types';
import { ceilingTable, compareTable, runLine, singleTable, writeJson, type RunRecord } from './report';
import { RELAY_CHILD_FLAG, relayCeilings, runRelayChild, type CeilingRun } from './ceiling';

const HELP = `Usage:
  npm run bench -- --url amqp://guest:guest@127.0.0.1:5672 [options]
  npm run bench -- --compare amqp://...A amqp://...B [--name-a warren] [--name-b rabbitmq] [--rounds 3] [options]
  npm run bench -- --compare mqtt://...A mqtt://...B [mqtt://...C] [--name-a ..] [--name-b ..] [--name-c ..] [options]
  Targets are amqp:// or mqtt:// URLs (mqtt://user:pass@host:port, anonymous without a user); scenarios
  1-10 run against amqp:// targets, 11-14 against mqtt:// ones, and a scenario skips the others.
  (while developing: npx tsx main/perf/bench.ts ...)

Options:
  --scenario S        scenarios to run: numbers, names, ranges, comma-separated or repeated (default all)
${scenarios.map((s) => `                        ${String(s.id).padStart(2)} ${s.name.padEnd(13)} ${s.title}`).join('\n')}
  --duration S        measured seconds per run (default 10)
  --warmup S          warm-up seconds before measuring (default 2)
  --rounds N          runs per scenario and target (default 1 with --url, 3 with --compare)
  --name NAME         display name of the --url target (default: the broker's product name)
  --broker-pid PID    broker process for --url (default: found from the port via /proc/net/tcp)
  --broker-pid-a PID, --broker-pid-b PID, --broker-pid-c PID   the same for --compare
  --backlog N         scenario 7 message count (default 1000000)
  --connections N     scenario 8 connection count (default 2000); --conn-parallel N handshakes in flight (default 50)
  --mqtt-connections N  scenario 14 connection count (default 10000; --conn-parallel applies too)
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
  url?: string; compare?: string[]; names: string[]; name?: string;
  scenarios: string[]; rounds?: number; json?: string; brokerPid?: number; comparePids: (number | undefined)[];
  busyThreshold: number; quietWait: number; busyCheck: boolean; ceiling: boolean; opts: RunOptions;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    names: ['warren', 'rabbitmq', 'third'], comparePids: [], scenarios: [], busyThreshold: 0.15, quietWait: 30, busyCheck: true, ceiling: true,
    opts: { warmupS: 2, durationS: 10, backlog: 1_000_000, connections: 2000, connParallel: 50, mqttConnections: 10_000, latencyRate: 2000 },
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
        const urls = inline !== undefined ? inline.split(',') : [];
        while (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) urls.push(argv[++i]);
        if (urls.length < 2 || urls.length > 3 || urls.some((u) => !u)) throw new Error('--compare needs two or three URLs');
        a.compare = urls;
        break;
      }
      case '--name-a': a.names[0] = val(); break;
      case '--name-b': a.names[1] = val(); break;
      case '--name-c': a.names[2] = val(); break;
      case '--name': a.name = val(); break;
      case '--scenario': case '--scenarios': case '-s': a.scenarios.push(val()); break;
      case '--duration': a.opts.durationS = num(flag, val()); break;
      case '--warmup': a.opts.warmupS = num(flag, val()); break;
      case '--rounds': a.rounds = Math.max(1, Math.floor(num(flag, val()))); break;
      case '--json': a.json = val(); break;
      case '--broker-pid': a.brokerPid = num(flag, val()); break;
      case '--broker-pid-a': a.comparePids[0] = num(flag, val()); break;
      case '--broker-pid-b': a.comparePids[1] = num(flag, val()); break;
      case '--broker-pid-c': a.comparePids[2] = num(flag, val()); break;
      case '--backlog': a.opts.backlog = Math.max(1, Math.floor(num(flag, val()))); break;
      case '--connections': a.opts.connections = Math.floor(num(flag, val())); break;
      case '--mqtt-connections': a.opts.mqttConnections = Math.floor(num(flag, val())); break;
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

/** Connects once (AMQP: the product from connection.start; MQTT has none, so the process name stands in). */
async function probe(url: string, name: string | undefined, pid: number | undefined): Promise<TargetInfo> {
  const target = parseUrl(url);
  let brokerPid: number | null = pid ?? null;
  if (brokerPid === null && isLocal(target.host)) brokerPid = findPidByPort(target.port);
  const info = { product: '', version: '' };
  if (target.protocol === 'mqtt') {
    await (await MqttConnection.open(target, { clientId: `bench-probe-${process.pid}`, timeoutMs: 10_000 })).close();
    info.product = brokerPid ? processName(brokerPid) : 'MQTT';
    info.version = 'MQTT 3.1.1';
  } else {
    const c = await RawConnection.open(target);
    Object.assign(info, { product: c.product, version: c.version });
    await c.close();
  }
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

  const targets: TargetInfo[] = [];
  if (compare) for (const [i, url] of a.compare!.entries()) targets.push(await probe(url, a.names[i], a.comparePids[i]));
  else targets.push(await probe(a.url!, a.name, a.brokerPid));
  if (new Set(targets.map((t) => t.name)).size !== targets.length) throw new Error('--name-a, --name-b and --name-c must differ');
  const fits = (sc: (typeof selected)[number], t: TargetInfo) => (sc.protocol ?? 'amqp') === t.target.protocol;

  log(`warren bench: ${coreCount()} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ulimit -n ${nofileLimit().soft}`);
  for (const t of targets) {
    log(`  ${t.name}: ${t.target.host}:${t.target.port} — ${t.product || '?'} ${t.version}, broker pid ${t.pid ?? 'unknown'}${t.pid ? ` (${processName(t.pid)})` : ''}`);
    if (!t.pid) log(`    (broker CPU and RSS are not reported for ${t.name}: pass --broker-pid${compare ? `-${'abc'[targets.indexOf(t)]}` : ''})`);
  }
  log(`  scenarios ${selected.map((s) => s.id).join(',')}; warm-up ${a.opts.warmupS} s, measured ${a.opts.durationS} s, ${rounds} round(s)` +
    `${compare ? `, alternating ${targets.map((t) => t.name).join('/')}` : ''}`);
  for (const [id, key] of [[8, 'connections'], [14, 'mqttConnections']] as const) {
    const sc = selected.find((s) => s.id === id);
    if (!sc) continue;
    const on = targets.filter((t) => fits(sc, t));
    let count = a.opts[key];
    for (const t of on) {
      const b = connectionBudget(a.opts[key], t.pid, `Scenario ${id}`);
      if (b.note) log(`  NOTE (${t.name}): ${b.note}`);
      count = Math.min(count, b.count);
    }
    if (on.length > 1 && count < a.opts[key]) {
      log(`  scenario ${id} uses ${count} connections on every target so that they compare`);
      a.opts[key] = count;
    }
  }
  log('');

  const records: RunRecord[] = [];
  const ceilings: CeilingRun[] = [];
  for (const sc of selected) {
    log(`== #${sc.id} ${sc.name}: ${sc.title}`);
    const on = targets.filter((t) => fits(sc, t));
    const off = targets.filter((t) => !fits(sc, t)).map((t) => `${t.name} (${t.target.protocol}://)`);
    if (off.length) log(`  skipped for ${off.join(', ')}: an ${(sc.protocol ?? 'amqp').toUpperCase()} scenario`);
    for (let round = 1; round <= rounds && on.length > 0; round++) {
      for (const t of on) {
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
    if (sc.id === 9 && a.ceiling && on.length > 0) ceilings.push(...(await relayCeilings(a.opts, rounds, log)));
  }

  log('');
  const table = compare ? compareTable(records, targets.map((t) => t.name)) : singleTable(records, targets[0].name);
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
