// A lesson step's shown code run as a learner runs it: pika with /usr/bin/python3, amqplib with
// node (resolving amqplib from this repository's node_modules), against AMQP_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type StepLanguage = 'pika' | 'amqplib';

export interface RunningCode {
  process: ChildProcess;
  /** everything printed so far */
  output(): string;
  /** the exit code once it ends */
  exited: Promise<number | null>;
  /** stop it as Ctrl+C would, and remove its file */
  stop(): Promise<void>;
}

const NODE_MODULES = resolve(__dirname, '../../node_modules');

export function startStepCode(lang: StepLanguage, code: string, amqpUrl: string): RunningCode {
  const dir = mkdtempSync(join(tmpdir(), 'warren-step-'));
  const file = join(dir, lang === 'pika' ? 'step.py' : 'step.js');
  writeFileSync(file, code);
  const child = spawn(lang === 'pika' ? '/usr/bin/python3' : process.execPath, [file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AMQP_URL: amqpUrl, NODE_PATH: NODE_MODULES, PYTHONUNBUFFERED: '1' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((res) => child.on('exit', (c) => { rmSync(dir, { recursive: true, force: true }); res(c); }));
  return {
    process: child, output: () => out, exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** Run it to its end (at most `ms`); its exit code and output. */
export async function runStepCode(lang: StepLanguage, code: string, amqpUrl: string, ms = 20_000): Promise<{ code: number | null; output: string }> {
  const r = startStepCode(lang, code, amqpUrl);
  const timer = setTimeout(() => r.process.kill('SIGKILL'), ms);
  const c = await r.exited;
  clearTimeout(timer);
  return { code: c, output: r.output() };
}
