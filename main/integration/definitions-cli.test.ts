// `warren definitions export|import` against a spawned `warren serve` and the reference RabbitMQ,
// and the start-up options: --definitions, --default-user/-pass/-vhost and RABBITMQ_DEFAULT_*.
import amqp from 'amqplib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/tmp-dir';
import { runCli, spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { uniqueName } from './harness';
import { httpCall, seg } from './management-support';

/** The reference RabbitMQ's management API (the CLI tests against it are skipped when it is not there). */
const REFERENCE = process.env.WARREN_TEST_REFERENCE_URL ?? 'http://guest:guest@127.0.0.1:15682';
const referenceUp = await fetch(new URL('/api/overview', REFERENCE.replace(/\/\/[^@]*@/, '//'))).then(() => true, () => false);

const dir = useTempDirs('defs-cli', { keep: 'file' })();
const file = (name: string): string => join(dir, name);
const serve = (args: string[], env?: Record<string, string>): Promise<WarrenProcess> =>
  spawnWarren(['--in-memory', '--port', '0', '--ui-port', '0', '--host', '127.0.0.1', '--log-level', 'warn', ...args], { ui: true, env });
const write = (name: string, defs: unknown): string => { writeFileSync(file(name), JSON.stringify(defs)); return file(name); };
const amqpLogin = async (w: WarrenProcess, user: string, pass: string, vhost: string): Promise<void> => {
  const c = await amqp.connect(`amqp://${user}:${pass}@127.0.0.1:${w.amqpPort}/${encodeURIComponent(vhost)}`);
  await c.close();
};

let w: WarrenProcess;
let url: string;
beforeAll(async () => {
  w = await serve([]);
  url = w.uiUrl!.replace('http://', 'http://guest:guest@');
});
afterAll(async () => {
  await w?.stop();
});

describe('warren definitions', () => {
  it('exports and imports, whole and per vhost, against a running Warren', async () => {
    const vhost = uniqueName('cli');
    const imported = await runCli(['definitions', 'import', write('in.json', {
      vhosts: [{ name: vhost }],
      permissions: [{ user: 'guest', vhost, configure: '.*', write: '.*', read: '.*' }],
      queues: [{ name: 'jobs', vhost, durable: true, auto_delete: false, arguments: { 'x-message-ttl': 60000 } }],
    }), '--url', url]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect((await runCli(['definitions', 'export', file('all.json'), '--url', url])).code).toBe(0);
    const all = JSON.parse(readFileSync(file('all.json'), 'utf8'));
    expect(all.product_name).toBe('Warren');
    expect(all.queues).toContainEqual({ name: 'jobs', vhost, durable: true, auto_delete: false, arguments: { 'x-message-ttl': 60000 } });
    expect((await runCli(['definitions', 'export', file('one.json'), '--url', url, '--vhost', vhost])).code).toBe(0);
    const one = JSON.parse(readFileSync(file('one.json'), 'utf8'));
    expect(one.queues).toEqual([{ name: 'jobs', durable: true, auto_delete: false, arguments: { 'x-message-ttl': 60000 } }]);
    // into another vhost
    const copy = `${vhost}-copy`;
    expect((await httpCall(w.uiUrl!, 'PUT', `/api/vhosts/${seg(copy)}`, { auth: ['guest', 'guest'] })).status).toBe(201);
    expect((await runCli(['definitions', 'import', file('one.json'), '--url', url, '--vhost', copy])).code).toBe(0);
    expect((await httpCall(w.uiUrl!, 'GET', `/api/queues/${seg(copy)}/jobs`, { auth: ['guest', 'guest'] })).json).toMatchObject({ arguments: { 'x-message-ttl': 60000 } });
  });

  it('says in one line, exit 1, when nothing listens, the API refuses, or the file is bad', async () => {
    const nobody = await runCli(['definitions', 'export', file('x.json'), '--url', 'http://127.0.0.1:1']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe('warren: cannot reach the management API at 127.0.0.1:1: connection refused (is the broker and its management plugin running there?)\n');
    const refused = await runCli(['definitions', 'export', file('x.json'), '--url', url.replace('guest:guest', 'guest:wrong')]);
    expect(refused).toMatchObject({ code: 1, stderr: `warren: the broker at 127.0.0.1:${new URL(w.uiUrl!).port} refused user 'guest': wrong user name or password\n` });
    const bad = await runCli(['definitions', 'import', write('bad.json', { queues: [{ name: 'q', vhost: 'no-such-vhost', durable: true, auto_delete: false, arguments: {} }] }), '--url', url]);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/failed \(400\): bad_request: \["no_such_vhost","no-such-vhost"\]\n$/) });
    writeFileSync(file('broken.json'), '{ not json');
    expect((await runCli(['definitions', 'import', file('broken.json'), '--url', url])).stderr).toMatch(/^warren: .*broken\.json is not JSON: /);
    expect((await runCli(['definitions', 'import', file('missing.json'), '--url', url])).stderr).toBe(`warren: cannot read ${file('missing.json')}: ENOENT\n`);
  });

  it.skipIf(!referenceUp)('exports from and imports into the reference RabbitMQ', async () => {
    const vhost = uniqueName('cli-ref');
    const base = REFERENCE.replace(/\/\/[^@]*@/, '//');
    const auth: [string, string] = ['guest', 'guest'];
    expect((await httpCall(base, 'PUT', `/api/vhosts/${seg(vhost)}`, { auth })).status).toBe(201);
    try {
      write('ref-in.json', { queues: [{ name: 'q1', durable: true, auto_delete: false, arguments: { 'x-max-length': 5 } }], exchanges: [{ name: 'x1', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }], bindings: [{ source: 'x1', destination: 'q1', destination_type: 'queue', routing_key: 'a.*', arguments: {} }] });
      expect((await runCli(['definitions', 'import', file('ref-in.json'), '--url', REFERENCE, '--vhost', vhost])).code).toBe(0);
      expect((await runCli(['definitions', 'export', file('ref-out.json'), '--url', REFERENCE, '--vhost', vhost])).code).toBe(0);
      const out = JSON.parse(readFileSync(file('ref-out.json'), 'utf8'));
      expect(out.queues).toEqual([{ name: 'q1', durable: true, auto_delete: false, arguments: { 'x-max-length': 5 } }]);
      expect(out.bindings).toEqual([{ source: 'x1', destination: 'q1', destination_type: 'queue', routing_key: 'a.*', arguments: {} }]);
      // and on into Warren
      expect((await httpCall(w.uiUrl!, 'PUT', `/api/vhosts/${seg(vhost)}`, { auth })).status).toBe(201);
      expect((await runCli(['definitions', 'import', file('ref-out.json'), '--url', url, '--vhost', vhost])).code).toBe(0);
      expect((await httpCall(w.uiUrl!, 'GET', `/api/bindings/${seg(vhost)}/e/x1/q/q1`, { auth })).json).toMatchObject([{ routing_key: 'a.*' }]);
    } finally {
      await httpCall(base, 'DELETE', `/api/vhosts/${seg(vhost)}`, { auth });
    }
  });
});

describe('start-up', () => {
  it('--default-user/-pass/-vhost make the first user and vhost; guest is not created', async () => {
    const b = await serve(['--default-user', 'admin', '--default-pass', 's3cret', '--default-vhost', 'app']);
    try {
      await amqpLogin(b, 'admin', 's3cret', 'app');
      await expect(amqpLogin(b, 'guest', 'guest', '/')).rejects.toThrow(/ACCESS_REFUSED|403/);
      const me = await httpCall(b.uiUrl!, 'GET', '/api/whoami', { auth: ['admin', 's3cret'] });
      expect(me.json).toMatchObject({ name: 'admin', tags: ['administrator'] });
      expect((await httpCall(b.uiUrl!, 'GET', '/api/vhosts', { auth: ['admin', 's3cret'] })).json.map((v: { name: string }) => v.name)).toEqual(['app']);
    } finally {
      await b.stop();
    }
  });

  it('RABBITMQ_DEFAULT_USER, _PASS and _VHOST do the same, on an empty data directory only', async () => {
    const env = { RABBITMQ_DEFAULT_USER: 'docker', RABBITMQ_DEFAULT_PASS: 'pw', RABBITMQ_DEFAULT_VHOST: 'dv' };
    const data = file('data');
    const first = await spawnWarren(['--data-dir', data, '--port', '0', '--no-ui', '--log-level', 'warn'], { env });
    await amqpLogin(first, 'docker', 'pw', 'dv');
    await expect(amqpLogin(first, 'guest', 'guest', '/')).rejects.toThrow(/ACCESS_REFUSED|403/);
    await first.stop();
    // the saved users win over other defaults on the next start
    const again = await spawnWarren(['--data-dir', data, '--port', '0', '--no-ui', '--log-level', 'warn'], { env: { RABBITMQ_DEFAULT_USER: 'other', RABBITMQ_DEFAULT_PASS: 'x' } });
    try {
      await amqpLogin(again, 'docker', 'pw', 'dv');
      await expect(amqpLogin(again, 'other', 'x', 'dv')).rejects.toThrow(/ACCESS_REFUSED|403/);
    } finally {
      await again.stop();
    }
  });

  it('--definitions imports a file at boot instead of making guest on /; a bad one is a one-line error and exit 1', async () => {
    const defs = write('boot.json', {
      users: [{ name: 'boot', password: 'bootpw', tags: 'administrator' }],
      vhosts: [{ name: 'bootv' }],
      permissions: [{ user: 'boot', vhost: 'bootv', configure: '.*', write: '.*', read: '.*' }],
      queues: [{ name: 'bq', vhost: 'bootv', durable: true, auto_delete: false, arguments: { 'x-max-length': 3 } }],
    });
    const b = await serve(['--definitions', defs, '--default-user', 'ignored', '--default-pass', 'x']);
    try {
      await amqpLogin(b, 'boot', 'bootpw', 'bootv');
      await expect(amqpLogin(b, 'guest', 'guest', '/')).rejects.toThrow(/ACCESS_REFUSED|403/);
      await expect(amqpLogin(b, 'ignored', 'x', 'bootv')).rejects.toThrow(/ACCESS_REFUSED|403/);
      expect((await httpCall(b.uiUrl!, 'GET', '/api/vhosts?columns=name', { auth: ['boot', 'bootpw'] })).json).toEqual([{ name: 'bootv' }]);
      expect((await httpCall(b.uiUrl!, 'GET', '/api/queues/bootv/bq', { auth: ['boot', 'bootpw'] })).json).toMatchObject({ arguments: { 'x-max-length': 3 } });
    } finally {
      await b.stop();
    }
    writeFileSync(file('bad-boot.json'), 'not json');
    await expect(serve(['--definitions', file('bad-boot.json')])).rejects.toThrow(`warren exited with 1:\nwarren: --definitions ${file('bad-boot.json')}: failed_to_parse_json\n`);
  });
});
