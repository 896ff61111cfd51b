// The broker's definitions (vhosts, exchanges, queues, bindings) as one JSON file, replaced
// atomically: write definitions.json.tmp, fsync, rename over definitions.json, fsync the directory.
// The previous good file is kept as definitions.json.bak. The file is an envelope
// {version, checksum, data} so that a truncated or damaged file is detected even where a crash
// mid-write leaves a file that still parses, and load() then falls back to the backup.
import { storeFs } from './store-fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { mkdirDurableSync, syncDirSync } from './durable-fs';
import { faultPoint, type DurableFileName } from './fault-points';
import type { StoreLog } from './recovery';

const FORMAT_VERSION = 1;

interface Envelope { version: number; checksum?: string; data: unknown }

/** Why a definitions file was not usable. */
export class DefinitionsFileError extends Error {
  readonly code = 'DEFINITIONS_INVALID';
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'DefinitionsFileError';
  }
}

const checksumOf = (dataJson: string): string => crc32(dataJson).toString(16).padStart(8, '0');

export class DefinitionsFile<T> {
  readonly path: string;
  private readonly log: StoreLog;
  /** Which file this is, for the crash tests' fault points. */
  private readonly name: DurableFileName;

  constructor(readonly dir: string, opts: { log?: StoreLog; name?: DurableFileName } = {}) {
    this.path = join(dir, 'definitions.json');
    this.log = opts.log ?? ((level, msg) => console.warn(`[${level}] ${msg}`));
    this.name = opts.name ?? 'definitions';
  }

  /** The saved definitions, from the backup if the main file is damaged; null if there are none. */
  load(): T | null {
    let problem: string;
    try {
      const data = this.parse(this.path);
      if (data !== undefined) return data;
      problem = `${this.path} is missing`;
    } catch (err) {
      if (!(err instanceof DefinitionsFileError)) throw err;
      problem = err.message;
    }
    const bak = this.path + '.bak';
    try {
      const data = this.parse(bak);
      if (data === undefined) {
        if (!problem.endsWith('missing')) this.log('warn', `${problem}; no backup, starting without definitions`);
        return null;
      }
      this.log('warn', `${problem}; using the backup ${bak}`);
      return data;
    } catch (err) {
      if (!(err instanceof DefinitionsFileError)) throw err;
      this.log('warn', `${problem}; the backup is unusable too (${err.message}); starting without definitions`);
      return null;
    }
  }

  save(defs: T): void {
    mkdirDurableSync(this.dir); // a first save's directory entry must survive a power cut too
    const dataJson = JSON.stringify(defs);
    const text = `{"version":${FORMAT_VERSION},"checksum":"${checksumOf(dataJson)}","data":${dataJson}}\n`;
    // Keep the current file as the backup, if it is good: never replace a good backup with junk.
    if (this.isGood(this.path)) writeDurably(this.path + '.bak', null, this.path, null);
    faultPoint(`${this.name}-backup`);
    writeDurably(this.path, text, null, this.name);
    syncDirSync(this.dir);
  }

  private isGood(path: string): boolean {
    try {
      return this.parse(path) !== undefined;
    } catch {
      return false;
    }
  }

  /** The data in the file; undefined if the file does not exist. */
  private parse(path: string): T | undefined {
    let text: string;
    try {
      text = storeFs.readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new DefinitionsFileError(path, (err as Error).message);
    }
    let env: Envelope;
    try {
      env = JSON.parse(text) as Envelope;
    } catch {
      throw new DefinitionsFileError(path, `not valid JSON (${text.length} bytes; truncated?)`);
    }
    if (typeof env !== 'object' || env === null || env.version !== FORMAT_VERSION || !('data' in env)) {
      throw new DefinitionsFileError(path, 'not a Warren definitions file (version/data missing)');
    }
    // JSON.stringify(JSON.parse(s)) reproduces what save() checksummed; a hand-written file
    // without a checksum is accepted as is.
    if (env.checksum !== undefined && env.checksum !== checksumOf(JSON.stringify(env.data))) {
      throw new DefinitionsFileError(path, 'checksum mismatch');
    }
    return env.data as T;
  }
}

/** Writes text (or a copy of `from`) to path via path.tmp + fsync + rename; `name`'s fault points on the way. */
function writeDurably(path: string, text: string | null, from: string | null, name: DurableFileName | null): void {
  const tmp = path + '.tmp';
  if (from !== null) storeFs.copyFileSync(from, tmp);
  const fd = storeFs.openSync(tmp, from !== null ? 'r+' : 'w');
  try {
    if (text !== null) {
      const buf = Buffer.from(text, 'utf8');
      let done = 0;
      while (done < buf.length) done += storeFs.writeSync(fd, buf, done, buf.length - done);
    }
    if (name) faultPoint(`${name}-tmp-written`);
    storeFs.fsyncSync(fd);
    if (name) faultPoint(`${name}-before-rename`);
  } finally {
    storeFs.closeSync(fd);
  }
  storeFs.renameSync(tmp, path);
  if (name) faultPoint(`${name}-renamed`);
}
