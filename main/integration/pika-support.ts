// Process helpers for the pika-*, tutorial-* and amqp-tools-* tests: a python script (or any command)
// started in the background whose stdout lines can be awaited, so a consumer can report "ready" before
// its producer starts. Scripts print one JSON object per line (see py/pika_common.py emit()).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ScriptResult { code: number | null; stdout: string; stderr: string }

export interface RunningProcess {
  /** resolves with the first stdout line matching `re` (already printed or yet to come) */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** resolves when the process exits; rejects if it outlives its timeout (it is then killed) */
  done: Promise<ScriptResult>;
  stdout(): string;
}

export function startProcess(command: string, args: string[], timeoutMs = 30_000, label = command): RunningProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const notify = () => { for (const w of [...waiters]) w(); };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => { stdout += d; notify(); });
  child.stderr.on('data', (d: string) => { stderr += d; });
  const done = new Promise<ScriptResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} timed out after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); exited = true; notify(); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); exited = true; notify(); resolve({ code, stdout, stderr }); });
  });
  done.catch(() => undefined); // callers observe it; avoid an unhandled rejection if they only waitForLine
  const waitForLine = (re: RegExp, waitMs = timeoutMs) => new Promise<string>((resolve, reject) => {
    const check = () => {
      const line = stdout.split('\n').find((l) => re.test(l));
      if (line !== undefined) { finish(); resolve(line); return; }
      if (exited) { finish(); reject(new Error(`${label} exited before printing ${re}:\n${stdout}\n${stderr}`)); }
    };
    const timer = setTimeout(() => { finish(); reject(new Error(`${label} did not print ${re} in ${waitMs} ms:\n${stdout}\n${stderr}`)); }, waitMs);
    const finish = () => { clearTimeout(timer); waiters.delete(check); };
    waiters.add(check);
    check();
  });
  return { waitForLine, done, stdout: () => stdout };
}

/** A script in py/, run with Debian's interpreter: the python3 first on PATH lacks the python3-* packages. */
export function startPython(script: string, args: string[], timeoutMs = 30_000): RunningProcess {
  const path = fileURLToPath(new URL(`./py/${script}`, import.meta.url));
  return startProcess('/usr/bin/python3', [path, ...args], timeoutMs, script);
}

/** The JSON objects a script printed, one per stdout line (other lines ignored). */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Asserts a clean exit and returns the script's JSON events. */
export function events(result: ScriptResult, label = 'script'): Record<string, unknown>[] {
  if (result.code !== 0) throw new Error(`${label} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return jsonLines(result.stdout);
}
