// The npm package as users get it: `npm pack` of a copy of the working tree (so its prepack release
// build never rewrites the dist/ that other tests are running), installed into an empty prefix.
import { execFile } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Not copied: installed or built things, and what git ignores. */
const SKIPPED = new Set(['node_modules', 'dist', 'out', '.git', 'test-results', 'artifacts']);

export interface Run { code: number; stdout: string; stderr: string }

/** `command args` to its end (never rejects): exit code and output. */
export function run(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/** One file of `npm pack --json`'s listing. */
export interface PackedFile { path: string; size: number }
export interface Packed { tarball: string; size: number; unpackedSize: number; files: PackedFile[] }

function parsePackJson(stdout: string, dir: string): Packed {
  // npm prints the scripts' output before the JSON array
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  return { tarball: join(dir, info!.filename), size: info!.size, unpackedSize: info!.unpackedSize, files: info!.files };
}

/** Copies the working tree into `dir/src` (node_modules linked), runs `npm pack` there (prepack
 *  builds the release) and returns the tarball in `dir`. */
export async function packProject(dir: string): Promise<Packed> {
  const src = join(dir, 'src');
  cpSync(PROJECT_ROOT, src, {
    recursive: true,
    filter: (from) => !relative(PROJECT_ROOT, from).split(sep).some((part) => SKIPPED.has(part)),
  });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  const r = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: src, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`npm pack failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return parsePackJson(r.stdout, dir);
}

/** What `npm pack` would put in the package from the working tree's dist/ as it is (nothing built). */
export async function packedFileList(): Promise<string[]> {
  const r = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT });
  if (r.code !== 0) throw new Error(`npm pack --dry-run failed (${r.code}):\n${r.stderr}`);
  return parsePackJson(r.stdout, PROJECT_ROOT).files.map((f) => f.path);
}

/** `npm install -g TARBALL --prefix PREFIX` from npm's cache where it can (CI ran `npm ci`). */
export async function installGlobally(tarball: string, prefix: string): Promise<Run> {
  // Electron is an optional dependency: its 100 MB binary is not what this installs or tests.
  return run('npm', ['install', '-g', tarball, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'],
    { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeoutMs: 180_000 });
}

