// A real RabbitMQ for tests: Debian's rabbitmq-server (with the management plugin) run as the
// current user in a fresh temp dir, on free loopback ports, with its own node name, Erlang cookie
// (HOME is the temp dir) and distribution port, so it never meets the machine's own RabbitMQ or
// another test's. One per test file: start it in beforeAll (with BOOT_TIMEOUT_MS as the hook's
// timeout) and stop() it in afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's scripts; /usr/sbin/rabbitmq-server would switch to the rabbitmq user when run as root. */
const BIN = process.env.WARREN_TEST_RABBIT_BIN ?? '/usr/lib/rabbitmq/bin';
/** Boot takes ~6 s on an idle machine; a loaded 2-core CI box needs more. */
const READY_TIMEOUT_MS = 60_000;
/** what a beforeAll that starts one should allow itself */
export const BOOT_TIMEOUT_MS = READY_TIMEOUT_MS + 10_000;

export interface RabbitServer {
  /** amqp://guest:guest@127.0.0.1:PORT */
  amqpUrl: string;
  /** http://127.0.0.1:PORT, without credentials */
  mgmtUrl: string;
  user: string;
  password: string;
  nodeName: string;
  /** its temp dir (config, data, logs), removed by stop() */
  dir: string;
  /** how long it took to answer on both ports */
  bootMs: number;
  stop(): Promise<void>;
}

let started = 0;

/** `plugins`: enabled besides rabbitmq_management (e.g. rabbitmq_shovel for the shovel tests);
 *  `config`: more rabbitmq.conf lines (e.g. a TLS listener, with `ports` free ports to put in them). */
export async function startRabbit(opts: { plugins?: string[]; config?: (ports: number[]) => string[]; ports?: number } = {}): Promise<RabbitServer & { ports: number[] }> {
  if (!existsSync(join(BIN, 'rabbitmq-server'))) {
    throw new Error(`no ${join(BIN, 'rabbitmq-server')}: install Debian's rabbitmq-server (.ci/run shows how, without starting its service)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'warren-rabbit-'));
  const [amqpPort, mgmtPort, distPort, ...ports] = await freePorts(3 + (opts.ports ?? 0));
  const nodeName = `warren-test-${process.pid}-${++started}@localhost`;
  writeFileSync(join(dir, 'rabbitmq.conf'), [
    `listeners.tcp.1 = 127.0.0.1:${amqpPort}`,
    `management.tcp.ip = 127.0.0.1`,
    `management.tcp.port = ${mgmtPort}`,
    // a full shared /tmp must not raise the disk alarm and block the tests' publishers
    'disk_free_limit.absolute = 1MB',
    ...(opts.config?.(ports) ?? []),
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'enabled_plugins'), `[${['rabbitmq_management', ...(opts.plugins ?? [])].join(',')}].\n`);
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    // the machine's /etc/rabbitmq must not reach the test broker
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    // Erlang distribution on loopback only; few schedulers: tests share two cores
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1} +S 2:2 +A 4',
  };
  const t0 = Date.now();
  // its own process group, so stop() ends the script, beam and their children together
  const child = spawn(join(BIN, 'rabbitmq-server'), [], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out = (out + d).slice(-8000); });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { out = (out + d).slice(-8000); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // a test process that ends without stop() (a failed hook, a timeout) takes its broker with it
  const orphaned = (): void => {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', orphaned);
  const stop = async (): Promise<void> => {
    process.off('exit', orphaned);
    await endGroup(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(amqpPort, mgmtPort, exited);
  } catch (err) {
    const tail = `${out}\n${logTail(dir, nodeName)}`.trim().split('\n').slice(-25).join('\n');
    await stop();
    throw new Error(`RabbitMQ (${nodeName}) did not start: ${(err as Error).message}\n--- its output and log ---\n${tail}`);
  }
  return {
    amqpUrl: `amqp://guest:guest@127.0.0.1:${amqpPort}`,
    mgmtUrl: `http://127.0.0.1:${mgmtPort}`,
    user: 'guest',
    password: 'guest',
    nodeName,
    dir,
    bootMs: Date.now() - t0,
    ports,
    stop,
  };
}

async function waitUntilUp(amqpPort: number, mgmtPort: number, exited: Promise<number | null>): Promise<void> {
  let done = false;
  const died = exited.then((code) => { if (!done) throw new Error(`rabbitmq-server exited with code ${code}`); });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const up = (async () => {
    while (!(await overviewAnswers(mgmtPort) && await accepts(amqpPort))) {
      if (done) return;
      if (Date.now() > deadline) throw new Error(`no answer on ports ${amqpPort} (AMQP) and ${mgmtPort} (management) within ${READY_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  try { await Promise.race([up, died]); } finally { done = true; }
}

function overviewAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/api/overview', auth: 'guest:guest', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** SIGTERM to the group (the beam shuts down cleanly on it), SIGKILL if it lingers. The epmd a
 *  node may have started daemonizes out of the group and is left alone, as another node may use it. */
async function endGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (s: NodeJS.Signals): void => { try { process.kill(-child.pid!, s); } catch { /* already gone */ } };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // anything of the group still around (the script outlives the beam briefly)
}

function logTail(dir: string, nodeName: string): string {
  const file = join(dir, 'log', `${nodeName}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '';
}

/** Ports the OS says are free now (held together, so the three differ). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
