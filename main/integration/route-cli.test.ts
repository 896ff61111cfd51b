// `warren route` against a running `warren serve` (its UI server's POST /api/route), with the
// topology declared by a real client (amqplib).
import amqp from 'amqplib';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/warren-process';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let child: ChildProcess;
let amqpUrl: string;
let uiUrl: string;

beforeAll(async () => {
  child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--ui-port', '0', '--in-memory', '--host', '127.0.0.1', '--log-level', 'warn', '--no-prometheus', '--no-mqtt'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  ({ amqpUrl, uiUrl } = await new Promise<{ amqpUrl: string; uiUrl: string }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ready lines:\n${out}`)), 10_000);
    child.stdout!.on('data', (d: string) => {
      out += d;
      const a = /amqp:\/\/[^\s:]+:(\d+)/.exec(out);
      const u = /Warren UI: (http:\/\/\S+)/.exec(out);
      if (a && u) { clearTimeout(t); resolve({ amqpUrl: `amqp://guest:guest@127.0.0.1:${a[1]}`, uiUrl: u[1] }); }
    });
  }));
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertExchange('shop', 'topic');
  await ch.assertExchange('docs', 'headers');
  await ch.assertQueue('orders');
  await ch.assertQueue('eu');
  await ch.assertQueue('pdfs');
  await ch.bindQueue('orders', 'shop', 'order.*');
  await ch.bindQueue('eu', 'shop', '*.eu');
  await ch.bindQueue('pdfs', 'docs', '', { 'x-match': 'all', format: 'pdf', pages: 2 });
  await conn.close();
});
afterAll(() => { child?.kill('SIGTERM'); });

const route = (args: string[]): ReturnType<typeof runCli> => runCli(['route', ...args]);

describe('warren route', () => {
  it('--json: sorted destination queues and every binding with its verdict and reason', async () => {
    const r = await route(['--url', uiUrl, '--exchange', 'shop', '--key', 'order.eu', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.queues).toEqual(['eu', 'orders']);
    expect(j.bindings).toHaveLength(2);
    for (const b of j.bindings) expect(b).toMatchObject({ matched: true, reason: expect.any(String) });
    const miss = JSON.parse((await route(['--url', uiUrl, '--exchange', 'shop', '--key', 'invoice.us', '--json'])).stdout);
    expect(miss).toMatchObject({ queues: [], outcome: 'dropped' });
    expect(miss.bindings.every((b: { matched: boolean }) => !b.matched)).toBe(true);
  });

  it('types header values: integers as ints, true/false as booleans, else strings', async () => {
    const hit = JSON.parse((await route(['--url', uiUrl, '--exchange', 'docs', '--key', '', '--header', 'format=pdf', '--header', 'pages=2', '--json'])).stdout);
    expect(hit.queues).toEqual(['pdfs']);
    const asString = JSON.parse((await route(['--url', uiUrl, '--exchange', 'docs', '--key', '', '--header', 'format=pdf', '--header', 'pages=s:2', '--json'])).stdout);
    expect(asString.queues).toEqual([]);
  });

  it('prints one line per binding for people, then the queues or "unroutable"', async () => {
    const r = await route(['--url', uiUrl, '--exchange', 'shop', '--key', 'order.us']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MATCH +queue 'orders'/);
    expect(r.stdout).toMatch(/no match queue 'eu'/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('queues: orders');
    const u = await route(['--url', uiUrl, '--exchange', 'shop', '--key', 'x', '--mandatory']);
    expect(u.stdout).toMatch(/^unroutable: returned/m);
  });

  it('a wrong exchange or nothing listening: one line on stderr and exit code 1', async () => {
    const r = await route(['--url', uiUrl, '--exchange', 'nope', '--key', 'a']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(["warren: NOT_FOUND - no exchange 'nope' in vhost '/'"]);
    const down = await route(['--url', 'http://127.0.0.1:9', '--exchange', 'shop', '--key', 'a']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/nothing answered at http:\/\/127\.0\.0\.1:9/);
  });
});
