// A real `warren serve` process for tests (the built dist/cli.js): started with the caller's
// arguments, resolved once it prints its ready line(s), and stopped with a signal of the test's choice.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface WarrenProcess {
  process: ChildProcess;
  amqpPort: number;
  /** the MQTT port (null when started with --no-mqtt) */
  mqttPort: number | null;
  /** the Web-MQTT port (null without it) */
  webMqttPort: number | null;
  /** the browser UI's address, when started with one (`ui: true`) */
  uiUrl: string | null;
  /** everything the process printed so far */
  output(): string;
  /** Sends `signal` unless the process has already ended; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `warren serve <args>`; `env` is added to the environment (e.g. WARREN_FAULT for crash tests);
 *  `command` replaces `node dist/cli.js serve` (an installed package's `warren serve`); `cli`: another
 *  build of dist/cli.js (a bundled tool finds it beside itself). */
export async function spawnWarren(args: string[], opts: { env?: Record<string, string>; ui?: boolean; command?: string[]; cli?: string } = {}): Promise<WarrenProcess> {
  // Tests run brokers side by side: metrics only where a test asks for them (the default port is fixed).
  const metrics = args.includes('--prometheus-port') || args.includes('--no-prometheus') ? [] : ['--no-prometheus'];
  // MQTT on a free port unless the test picks one (1883 may be taken by another broker).
  const mqtt = args.includes('--mqtt-port') || args.includes('--no-mqtt') ? [] : ['--mqtt-port', '0'];
  const webMqtt = args.includes('--web-mqtt-port') || args.includes('--no-web-mqtt') || args.includes('--no-mqtt') ? [] : ['--web-mqtt-port', '0'];
  const [command, ...prefix] = opts.command ?? [process.execPath, opts.cli ?? cli, 'serve'];
  const child = spawn(command!, [...prefix, ...args, ...metrics, ...mqtt, ...webMqtt], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { out += d; });
  const ready = await new Promise<{ amqpPort: number; mqttPort: number | null; webMqttPort: number | null; uiUrl: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`warren did not print its ready lines in 10 s:\n${out}`)); }, 10_000); // (not left running)
    child.stdout!.on('data', (d: string) => {
      out += d;
      const a = /Warren ready: AMQP 0-9-1 on amqp:\/\/[^\s:]+:(\d+)/.exec(out);
      const m = /MQTT on mqtt:\/\/[^\s:]+:(\d+)/.exec(out);
      const w = /Web MQTT on ws:\/\/[^\s:]+:(\d+)/.exec(out);
      const u = /Warren UI: (https?:\/\/\S+)/.exec(out);
      if (a && (u || !opts.ui)) { clearTimeout(timer); resolve({ amqpPort: Number(a[1]), mqttPort: m ? Number(m[1]) : null, webMqttPort: w ? Number(w[1]) : null, uiUrl: u ? u[1] : null }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`warren exited with ${code}:\n${out}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    ...ready,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The port a listener with URL scheme `scheme` (amqps, mqtts, wss) printed in the ready line. */
export function listenerPort(w: WarrenProcess, scheme: string): number {
  const m = new RegExp(`on ${scheme}://[^\\s:]+:(\\d+)`).exec(w.output());
  if (!m) throw new Error(`warren printed no ${scheme}:// listener:\n${w.output()}`);
  return Number(m[1]);
}

/** `warren <args>` (route, definitions, ...) to its end: its exit code and what it printed. */
export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `warren connect <args>` until it prints the window's address (http://127.0.0.1:PORT/). */
export async function spawnConnect(args: string[]): Promise<{ process: ChildProcess; uiUrl: string; output(): string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [cli, 'connect', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`warren connect printed no address in 15 s:\n${out}`)), 15_000);
    child.stdout!.on('data', () => { const m = /: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out); if (m) { clearTimeout(t); resolve(m[1]); } });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`warren connect exited with ${code}:\n${out}`)); });
  });
  return {
    process: child, uiUrl, output: () => out,
    stop: async () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); await exited; },
  };
}
