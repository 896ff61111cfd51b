// Runs a pika (or other Debian python3-*) script with Debian's interpreter: the python3 first on PATH
// is another interpreter without those packages.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ScriptResult { code: number | null; stdout: string; stderr: string }

export function runPython(script: string, args: string[], timeoutMs = 30_000): Promise<ScriptResult> {
  const path = fileURLToPath(new URL(`./py/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${script} timed out:\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
