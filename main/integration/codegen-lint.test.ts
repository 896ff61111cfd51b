// `warren codegen`: a vhost's topology written as pika, amqplib, rabbitmqadmin and definitions,
// each run against a fresh vhost of the same broker (Warren, and a real RabbitMQ), which must then
// hold exactly the exchanges, queues and bindings the code came from. And `warren lint` over a
// live vhost of each.
import amqp from 'amqplib';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/warren-process';
import { uniqueName } from './harness';
import { seg, type ManagementTarget } from './management-support';
import { ownVhost, REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';

const PYTHON = '/usr/bin/python3';
const RABBITMQADMIN = '/usr/bin/rabbitmqadmin';
const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr}${stdout}`)); else resolve();
    });
  });
}

type Item = Record<string, unknown>;
/** a vhost's exchanges (amq.* and the default left out), queues and bindings, sorted, without vhost fields */
async function topology(t: ManagementTarget, vhost: string): Promise<{ exchanges: Item[]; queues: Item[]; bindings: Item[] }> {
  const r = await t.call('GET', `/api/definitions/${seg(vhost)}`);
  expect(r.status).toBe(200);
  const strip = (list: Item[]): Item[] => list.map(({ vhost: _v, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const d = r.json as { exchanges: Item[]; queues: Item[]; bindings: Item[] };
  return {
    exchanges: strip(d.exchanges.filter((x) => !String(x.name).startsWith('amq.') && x.name !== '')),
    queues: strip(d.queues),
    bindings: strip(d.bindings),
  };
}

describe.each(REMOTE_BROKERS)('warren codegen on $name', (broker) => {
  let t: ManagementTarget;
  let source: string;
  let dir: string;
  beforeAll(async () => {
    t = await broker.start();
    dir = mkdtempSync(join(tmpdir(), 'warren-codegen-'));
    source = uniqueName('codegen-src');
    await t.call('PUT', `/api/vhosts/${seg(source)}`, { body: {} });
    await t.call('PUT', `/api/permissions/${seg(source)}/${seg(t.admin[0])}`, { body: { configure: '.*', write: '.*', read: '.*' } });
    const conn = await amqp.connect(t.amqpUrl(source));
    const ch = await conn.createChannel();
    await ch.assertExchange('shop', 'topic', { durable: true, arguments: { 'alternate-exchange': 'unrouted' } });
    await ch.assertExchange('unrouted', 'fanout', { durable: true });
    await ch.assertExchange('docs', 'headers', { durable: false, autoDelete: true });
    await ch.assertExchange('internal.audit', 'direct', { internal: true });
    await ch.assertExchange('dlx', 'direct');
    await ch.assertQueue('orders', { durable: true, arguments: { 'x-message-ttl': 60000, 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'orders.dead' } });
    await ch.assertQueue("it's \"quoted\"", { durable: true });
    await ch.assertQueue('jobs', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } });
    await ch.assertQueue('urgent', { durable: true, arguments: { 'x-max-priority': 10 } });
    await ch.assertQueue('lost', { durable: true });
    await ch.assertQueue('dead', { durable: true });
    await ch.bindQueue('orders', 'shop', 'order.*');
    await ch.bindQueue('orders', 'shop', '*.eu');
    await ch.bindQueue("it's \"quoted\"", 'shop', '#');
    await ch.bindQueue('lost', 'unrouted', '');
    await ch.bindQueue('dead', 'dlx', 'orders.dead');
    await ch.bindQueue('urgent', 'docs', '', { 'x-match': 'any', format: 'pdf', pages: 2 });
    await ch.bindQueue('urgent', 'amq.topic', 'alerts.#');
    await ch.bindExchange('internal.audit', 'shop', 'order.created');
    await conn.close();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    if (source) await t?.call('DELETE', `/api/vhosts/${seg(source)}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.stop();
  });

  /** the management API with the admin's credentials, as a user passes --url */
  function mgmtUrl(): string {
    const u = new URL(t.base);
    return `${u.protocol}//${encodeURIComponent(t.admin[0])}:${encodeURIComponent(t.admin[1])}@${u.host}`;
  }

  async function generated(lang: string): Promise<string> {
    const url = mgmtUrl();
    const r = await runCli(['codegen', '--lang', lang, '--url', url, '--vhost', source]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  }

  async function recreatedBy(lang: string, apply: (file: string, vhost: string) => Promise<void>): Promise<void> {
    const code = await generated(lang);
    const target = uniqueName(`codegen-${lang}`);
    await ownVhost(t, target);
    const file = join(dir, `${lang}-${target}`);
    writeFileSync(file, code);
    await apply(file, target);
    expect(await topology(t, target)).toEqual(await topology(t, source));
  }

  it('pika code recreates the vhost on a fresh one', () => recreatedBy('pika', (file, vhost) => run(PYTHON, [file], { AMQP_URL: t.amqpUrl(vhost) })));

  it('amqplib code recreates the vhost on a fresh one', () => recreatedBy('amqplib', (file, vhost) => run(process.execPath, [file], { AMQP_URL: t.amqpUrl(vhost), NODE_PATH: nodeModules })));

  it('rabbitmqadmin commands recreate the vhost on a fresh one', () => recreatedBy('rabbitmqadmin', (file, vhost) => {
    const u = new URL(t.base);
    return run('/bin/sh', [file], { VHOST: vhost, RABBITMQADMIN: `${PYTHON} ${RABBITMQADMIN} -H ${u.hostname} -P ${u.port} -u ${t.admin[0]} -p ${t.admin[1]}` });
  }));

  it('definitions JSON recreates the vhost on a fresh one', () => recreatedBy('definitions', async (file, vhost) => {
    const r = await t.call('POST', `/api/definitions/${seg(vhost)}`, { body: JSON.parse(readFileSync(file, 'utf8')) });
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
  }));

  it('a selection writes only those queues and exchanges and the bindings between them', async () => {
    const url = mgmtUrl();
    const r = await runCli(['codegen', '--lang', 'amqplib', '--url', url, '--vhost', source, '--exchange', 'shop', '--queue', 'orders']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('assertExchange("shop"');
    expect(r.stdout).toContain('assertQueue("orders"');
    expect(r.stdout).not.toContain('"dead"');
    expect(r.stdout).not.toContain('bindExchange'); // internal.audit is not in the selection
    expect(r.stdout.match(/bindQueue\(/g)).toHaveLength(2);
  });

  it('an unknown vhost or language is one line and exit code 1', async () => {
    const url = mgmtUrl();
    const noVhost = await runCli(['codegen', '--lang', 'pika', '--url', url, '--vhost', 'no-such-vhost']);
    expect([noVhost.code, noVhost.stderr]).toEqual([1, expect.stringContaining("has no vhost 'no-such-vhost'")]);
    const badLang = await runCli(['codegen', '--lang', 'cobol', '--url', url]);
    expect([badLang.code, badLang.stderr]).toEqual([1, expect.stringContaining("--lang must be one of pika, amqplib, spring, definitions, rabbitmqadmin, got 'cobol'")]);
  });

  it('warren lint finds what RabbitMQ 4.x and LavinMQ would treat differently, live channels included', async () => {
    const vhost = uniqueName('lint');
    await ownVhost(t, vhost);
    expect((await t.call('PUT', `/api/policies/${seg(vhost)}/mirror`, { body: { pattern: '^mirrored', definition: { 'ha-mode': 'all' }, 'apply-to': 'queues' } })).status).toBeLessThan(300);
    const conn = await amqp.connect(t.amqpUrl(vhost));
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('tmp', { durable: false });
      await ch.assertQueue('mine', { durable: false, exclusive: true });
      await ch.assertQueue('jobs', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await ch.assertQueue('mirrored-orders', { durable: true });
      await ch.assertExchange('docs', 'headers');
      await ch.bindQueue('mirrored-orders', 'docs', '', { 'x-match': 'all-with-x', 'x-kind': 'pdf' });
      const consumer = await conn.createChannel();
      await consumer.prefetch(5, true);
      await consumer.consume('mirrored-orders', () => {});
      // RabbitMQ lists a new channel at its next stats emission (every 5 s): ask until it is there
      let found: string[] = [];
      for (const end = Date.now() + 15_000; Date.now() < end && !found.includes('channel::global-qos');) {
        const strict = await runCli(['lint', '--url', mgmtUrl(), '--vhost', vhost, '--json', '--strict']);
        expect(strict.code, strict.stderr).toBe(1);
        found = (JSON.parse(strict.stdout) as Array<{ entity: { kind: string; name: string }; rule: string }>).map((w) => `${w.entity.kind}:${w.entity.kind === 'channel' ? '' : w.entity.name}:${w.rule}`);
      }
      expect(found.sort()).toEqual([
        'binding:docs → mirrored-orders ():x-match-with-x',
        'channel::global-qos',
        'policy:mirror:classic-mirroring',
        'queue:jobs:quorum-delivery-limit',
        'queue:mirrored-orders:mirroring-policy',
        'queue:tmp:transient-nonexclusive-queue',
      ]);
      const text = await runCli(['lint', '--url', mgmtUrl(), '--vhost', vhost]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`vhost "${vhost}": queue "tmp": a non-durable, non-exclusive queue: RabbitMQ 4.3 refuses`);
      expect(text.stdout).toMatch(/6 warnings at /);
    } finally {
      await conn.close();
    }
  }, 40_000);
});
