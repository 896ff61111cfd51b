// Starts a broker for integration tests: a real `warren serve` process on a free port, driven over TCP.
// Set WARREN_TEST_URL (e.g. amqp://guest:guest@127.0.0.1:5682) to run the same tests against another
// broker, such as the reference RabbitMQ; tests of Warren-only behaviour check `broker.external`.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TestBroker {
  /** amqp://guest:guest@host:port */
  url: string;
  host: string;
  port: number;
  /** true when WARREN_TEST_URL points the tests at a broker they did not start */
  external: boolean;
  /** the broker process (absent when external) */
  process?: ChildProcess;
  /** everything the process printed so far */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** `env` is added to the broker process's environment (e.g. WARREN_FAULT for crash tests). */
export async function startBroker(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<TestBroker> {
  const externalUrl = process.env.WARREN_TEST_URL;
  if (externalUrl) {
    const u = new URL(externalUrl);
    return {
      url: externalUrl, host: u.hostname, port: Number(u.port || 5672), external: true,
      output: () => '', stop: async () => 0,
    };
  }
  // In memory unless the test gives a data directory (restart and crash tests).
  const storage = extraArgs.includes('--data-dir') ? [] : ['--in-memory'];
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...storage, '--no-ui', '--log-level', 'warn', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { out += d; });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not print a ready line in 10 s:\n${out}`)), 10_000);
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /amqp:\/\/[^\s:]+:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`broker exited with ${code}:\n${out}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`, host: '127.0.0.1', port, external: false, process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A name unique to this test run, so tests sharing a broker never collide. */
let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}
