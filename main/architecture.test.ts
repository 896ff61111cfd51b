// The dependency arrows of the design (../shared/design/style.md), checked on every test run:
// the core never reaches outward (no sockets, files, HTTP or Electron; time comes from the clock),
// the codec is pure, only the shell imports electron, and the renderer reaches main solely through
// the shared contract. Imports are read with the TypeScript parser, so every form counts (import,
// import type, side-effect import, export-from, dynamic import, require, import-equals, typeof
// import) and text in comments or strings does not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
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

/** A specifier that is not a string literal: it could name anything, so no rule allows it. */
const NON_LITERAL = '<non-literal>';

/** Every module specifier in a source text, in order of appearance. */
function specifiersOf(text: string, fileName = 'file.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const literal = (e: ts.Node | undefined): string => (e && ts.isStringLiteralLike(e) ? e.text : NON_LITERAL);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) out.push(literal(node.moduleSpecifier));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) out.push(literal(node.moduleReference.expression));
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) out.push(literal(node.argument.literal));
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isImport || isRequire) out.push(literal(node.arguments[0]));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Node's built-ins under one name: 'fs', 'node:fs' and 'fs/promises' are all 'node:fs'. */
function normalise(spec: string): string {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  const top = bare.split('/')[0];
  return builtinModules.includes(top) || spec.startsWith('node:') ? `node:${top}` : spec;
}

const parsed = new Map<string, string[]>();

/** Every import of a file, resolved to a path relative to the repository (or the module name); each file is parsed once. */
function importsOf(file: string): string[] {
  let specs = parsed.get(file);
  if (!specs) {
    specs = specifiersOf(readFileSync(file, 'utf8'), file).map((s) => (s.startsWith('.') ? relative(root, resolve(file, '..', s)) : normalise(s)));
    parsed.set(file, specs);
  }
  return specs;
}

function violations(dir: string, allowed: (spec: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of sources(join(root, dir))) for (const spec of importsOf(f)) if (!allowed(spec)) out.push(`${relative(root, f)} imports ${spec}`);
  return out;
}

/** What the core may never import: sockets, files, HTTP, TLS, processes and the desktop shell. */
const CORE_FORBIDDEN = new Set(['node:fs', 'node:net', 'node:http', 'node:https', 'node:http2', 'node:tls', 'node:dgram', 'node:child_process', 'node:worker_threads', 'electron']);

describe('reading imports', () => {
  it('finds every form of import and nothing in comments or strings', () => {
    const text = [
      "import a from 'static';",
      "import type { B } from 'type-only';",
      "import 'side-effect';",
      "import {\n  c,\n  d,\n} from 'multi-line';",
      "export * from 'export-star';",
      "export { e } from \"export-named\";",
      "import f = require('import-equals');",
      "const g = require('required');",
      "const h = await import('dynamic');",
      'const i = await import(`template`);',
      "const j = await import('dyn' + name);",
      "let k: typeof import('import-type');",
      "// import x from 'commented-out'",
      "const s = \"import y from 'in-a-string'\";",
    ].join('\n');
    expect(specifiersOf(text)).toEqual([
      'static', 'type-only', 'side-effect', 'multi-line', 'export-star', 'export-named', 'import-equals', 'required',
      'dynamic', 'template', NON_LITERAL, 'import-type',
    ]);
  });

  it("counts 'fs', 'node:fs' and 'fs/promises' as the same built-in", () => {
    expect(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'electron', 'fast-check'].map(normalise))
      .toEqual(['node:fs', 'node:fs', 'node:fs', 'node:fs', 'node:net', 'electron', 'fast-check']);
  });
});

describe('dependency direction', () => {
  it('main/broker imports only itself, shared/model and node built-ins without sockets, files, HTTP or electron', () => {
    expect(violations('main/broker', (s) => s.startsWith('main/broker') || s.startsWith('shared/model') || (s.startsWith('node:') && !CORE_FORBIDDEN.has(s)))).toEqual([]);
  });

  it('main/amqp/codec imports only itself, node:buffer, the spec table and shared/model', () => {
    expect(violations('main/amqp/codec', (s) => s.startsWith('main/amqp/codec') || s === 'main/amqp/spec' || s === 'node:buffer' || s.startsWith('shared/model'))).toEqual([]);
  });

  it('main/mqtt imports only itself, the core, main/transport (listening, peers, WebSocket endpoints), shared/model, node built-ins and its codec (mqtt-packet)', () => {
    expect(violations('main/mqtt', (s) => s.startsWith('main/mqtt') || s.startsWith('main/broker') || s.startsWith('main/transport') || s.startsWith('shared/model') || s.startsWith('node:') || s === 'mqtt-packet')).toEqual([]);
  });

  it('main/http imports only itself, the core, main/definitions, shared/model and node built-ins', () => {
    expect(violations('main/http', (s) => s.startsWith('main/http') || s.startsWith('main/broker') || s.startsWith('main/definitions') || s.startsWith('shared/model') || s.startsWith('node:'))).toEqual([]);
  });

  it('main/shovel imports only itself, the core, shared/model, the AMQP client (main/remote/amqp-connect.ts) and node built-ins', () => {
    const allowed = (s: string): boolean => s.startsWith('main/shovel') || s.startsWith('main/broker') || s.startsWith('shared/model') || s.startsWith('node:')
      || s === 'main/remote/amqp-connect' || s === '@cloudamqp/amqp-client';
    expect(violations('main/shovel', allowed)).toEqual([]);
  });

  it('main/definitions (the definitions JSON, shared by the API, the CLI and start-up) imports only itself, the core, shared/model and node built-ins', () => {
    expect(violations('main/definitions', (s) => s.startsWith('main/definitions') || s.startsWith('main/broker') || s.startsWith('shared/model') || s.startsWith('node:'))).toEqual([]);
  });

  it('main/transport (byte streams over WebSocket, binding listeners) imports only itself, the core, shared/model, node built-ins and ws', () => {
    expect(violations('main/transport', (s) => s.startsWith('main/transport') || s.startsWith('main/broker') || s.startsWith('shared/model') || s.startsWith('node:') || s === 'ws')).toEqual([]);
  });

  it('main/store imports nothing of the broker or the protocols', () => {
    expect(violations('main/store', (s) => s.startsWith('main/store') || s.startsWith('node:'))).toEqual([]);
  });

  it('only main/app and main/preload import electron', () => {
    const all = ['main/broker', 'main/amqp', 'main/transport', 'main/http', 'main/definitions', 'main/store', 'main/bridge', 'main/server', 'renderer', 'shared'];
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
