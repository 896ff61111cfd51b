// The dependency arrows of the design (../shared/design/style.md), checked on every test run:
// the core never reaches outward, the codec is pure, only the shell imports electron, and the
// renderer reaches main solely through the shared contract.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.startsWith('test-')) out.push(p); // tests and test helpers may import test tools
  }
  return out;
}

/** Every import of a file, resolved to a path relative to the repository (or the bare module name). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => (s.startsWith('.') ? relative(root, resolve(file, '..', s)) : s));
}

function violations(dir: string, allowed: (spec: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of sources(join(root, dir))) for (const spec of importsOf(f)) if (!allowed(spec)) out.push(`${relative(root, f)} imports ${spec}`);
  return out;
}

describe('dependency direction', () => {
  it('main/broker imports only itself, shared/model and node built-ins without sockets', () => {
    expect(violations('main/broker', (s) => s.startsWith('main/broker') || s.startsWith('shared/model') || (s.startsWith('node:') && s !== 'node:net' && s !== 'node:tls' && s !== 'node:http'))).toEqual([]);
  });

  it('main/amqp/codec imports only itself, node:buffer and shared/model', () => {
    expect(violations('main/amqp/codec', (s) => s.startsWith('main/amqp/codec') || s === 'main/amqp/spec' || s === 'node:buffer' || s.startsWith('shared/model'))).toEqual([]);
  });

  it('main/store imports nothing of the broker or the protocols', () => {
    expect(violations('main/store', (s) => s.startsWith('main/store') || s.startsWith('node:'))).toEqual([]);
  });

  it('only main/app and main/preload import electron', () => {
    const all = ['main/broker', 'main/amqp', 'main/store', 'main/bridge', 'main/server', 'renderer', 'shared'];
    for (const dir of all) expect(violations(dir, (s) => s !== 'electron'), dir).toEqual([]);
  });

  it('the renderer reaches main only through shared', () => {
    expect(violations('renderer', (s) => !s.startsWith('main/'))).toEqual([]);
  });

  it('main/amqp/server takes reply codes from the one table (shared/model/reply-codes.ts), never a constant of its own', () => {
    const own = sources(join(root, 'main/amqp/server')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bconst\s+([A-Z_]+)\s*=\s*([1-5]\d\d)\s*;/g)].map((m) => `${relative(root, f)}: ${m[1]} = ${m[2]}`));
    expect(own).toEqual([]);
  });

  it('shared imports nothing outside shared', () => {
    expect(violations('shared', (s) => s.startsWith('shared/'))).toEqual([]);
  });
});
