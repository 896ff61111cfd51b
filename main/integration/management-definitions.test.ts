// /api/definitions and /api/definitions/{vhost}: RabbitMQ's definitions JSON out and in, and its
// errors. WARREN_TEST_MGMT_URL runs it against the reference RabbitMQ (see management-api.test.ts).
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let user: string;

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('defs');
  user = uniqueName('defs-user');
});
afterAll(async () => {
  await t.call('DELETE', `/api/vhosts/${seg(vh)}`);
  await t.call('DELETE', `/api/users/${seg(user)}`);
  await t.stop();
});

const post = (path: string, body: unknown): ReturnType<ManagementTarget['call']> => t.call('POST', path, { body });
const named = <T extends { name: string }>(rows: T[], name: string): T | undefined => rows.find((r) => r.name === name);

/** The objects of one test vhost, as RabbitMQ exports them. */
const objects = (v: string): Record<string, unknown> => ({
  queues: [
    { name: 'orders', vhost: v, durable: true, auto_delete: false, arguments: { 'x-max-length': 10, 'x-dead-letter-exchange': 'dlx', 'x-queue-type': 'classic' } },
    { name: 'scratch', vhost: v, durable: false, auto_delete: false, arguments: {} },
  ],
  exchanges: [
    { name: 'dlx', vhost: v, type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'events', vhost: v, type: 'headers', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'dlx' } },
  ],
  bindings: [
    { source: 'events', vhost: v, destination: 'orders', destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'any', kind: 'order' } },
    { source: 'events', vhost: v, destination: 'dlx', destination_type: 'exchange', routing_key: 'k', arguments: {} },
    { source: 'amq.topic', vhost: v, destination: 'scratch', destination_type: 'queue', routing_key: 'a.#', arguments: {} },
  ],
});

describe('whole definitions', () => {
  it('exports RabbitMQ\'s keys: versions, users with hashes and tags as lists, and no built-in exchanges', async () => {
    const r = await t.call('GET', '/api/definitions');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual([
      'rabbit_version', 'rabbitmq_version', 'product_name', 'product_version', 'users', 'vhosts', 'permissions', 'topic_permissions',
      'parameters', 'global_parameters', 'policies', 'queues', 'exchanges', 'bindings',
    ]);
    expect(r.json.rabbitmq_version).toBe('3.10.8');
    expect(named(r.json.users, t.admin[0])).toMatchObject({ hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'], limits: {} });
    expect(r.json.exchanges.filter((x: { name: string }) => x.name === '' || x.name.startsWith('amq.'))).toEqual([]);
  });

  it('imports users (whose passwords work), vhosts, permissions, queues, exchanges and bindings; exports them the same', async () => {
    // a sha256 hash of "s3cret" in RabbitMQ's format (salt 0x908d8c2b)
    const hash = 'kI2MKz5p+qbW08A/95f6KYdWdB6t+DjYOsRBELGQlS3p7TtI';
    const defs = {
      users: [{ name: user, password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'], limits: {} }],
      vhosts: [{ name: vh }],
      permissions: [{ user, vhost: vh, configure: '^ord', write: '.*', read: '.*' }],
      topic_permissions: [{ user, vhost: vh, exchange: 'amq.topic', write: '^a', read: '.*' }],
      ...objects(vh),
    };
    expect((await post('/api/definitions', defs)).status).toBe(204);
    // again: everything exists, nothing fails
    expect((await post('/api/definitions', defs)).status).toBe(204);
    const out = (await t.call('GET', '/api/definitions')).json;
    expect(named(out.users, user)).toEqual({ name: user, password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'], limits: {} });
    expect(named(out.vhosts, vh)).toEqual({ name: vh });
    expect(out.permissions.filter((p: { vhost: string }) => p.vhost === vh)).toContainEqual(defs.permissions[0]);
    expect(out.topic_permissions.filter((p: { vhost: string }) => p.vhost === vh)).toEqual(defs.topic_permissions);
    const mine = (list: Array<{ vhost: string }>): unknown[] => list.filter((i) => i.vhost === vh);
    const want = objects(vh) as Record<string, Array<Record<string, unknown>>>;
    expect(mine(out.queues)).toEqual(expect.arrayContaining(want.queues));
    expect(mine(out.queues)).toHaveLength(2);
    expect(mine(out.exchanges)).toEqual(expect.arrayContaining(want.exchanges));
    expect(mine(out.exchanges)).toHaveLength(2);
    expect(mine(out.bindings)).toEqual(expect.arrayContaining(want.bindings));
    expect(mine(out.bindings)).toHaveLength(3);
    // the imported hash is the user's password, over the API and over AMQP
    expect((await t.call('GET', '/api/whoami', { auth: [user, 's3cret'] })).json).toMatchObject({ name: user });
    const c = await amqp.connect(t.amqpUrl(vh, [user, 's3cret']));
    await c.close();
  });

  it('takes a plain password and tags as a comma-separated string', async () => {
    const name = `${user}-plain`;
    expect((await post('/api/definitions', { users: [{ name, password: 'pw', tags: 'monitoring,management' }] })).status).toBe(204);
    expect((await t.call('GET', '/api/whoami', { auth: [name, 'pw'] })).json).toMatchObject({ name, tags: ['monitoring', 'management'] });
    await t.call('DELETE', `/api/users/${seg(name)}`);
  });

  it('answers bad input with RabbitMQ\'s 400s', async () => {
    const bad = async (body: unknown): Promise<unknown> => {
      const r = await t.call('POST', '/api/definitions', typeof body === 'string' ? { raw: body } : { body });
      expect(r.status, r.text).toBe(400);
      return r.json;
    };
    expect(await bad('nope')).toEqual({ error: 'bad_request', reason: 'failed_to_parse_json' });
    expect(await bad([1])).toEqual({ error: 'bad_request', reason: 'failed_to_parse_json' });
    expect(await bad({ queues: [{ name: 'q', vhost: `${vh}-none`, durable: true, auto_delete: false, arguments: {} }] }))
      .toEqual({ error: 'bad_request', reason: ['no_such_vhost', `${vh}-none`] });
    expect(await bad({ queues: [{ vhost: vh }] })).toEqual({ error: 'bad_request', reason: 'function_clause' });
    expect(await bad({ permissions: [{ user: `${user}-none`, vhost: vh, configure: '', write: '', read: '' }] }))
      .toEqual({ error: 'bad_request', reason: ['no_such_user', `${user}-none`] });
    expect(await bad({ users: [{ name: `${user}-bad`, password_hash: 'zz', tags: '' }] })).toEqual({ error: 'bad_request', reason: ['not_base64', 'zz'] });
    const codes = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
    expect(await bad({ exchanges: [{ name: 'x', vhost: vh, type: 'nonsuch', durable: true, auto_delete: false, internal: false, arguments: {} }] }))
      .toEqual({ error: 'bad_request', reason: ['amqp_error', 'command_invalid', codes("unknown exchange type 'nonsuch'"), 'none'] });
    // (Warren adds a hint after RabbitMQ's text)
    const [kind, name, text, none] = (await bad({ queues: [{ name: 'q9', vhost: vh, durable: true, auto_delete: false, arguments: { 'x-max-length': 'nope' } }] }) as { reason: [string, string, number[], string] }).reason;
    expect([kind, name, none]).toEqual(['amqp_error', 'precondition_failed', 'none']);
    expect(String.fromCharCode(...text)).toMatch(`invalid arg 'x-max-length' for queue 'q9' in vhost '${vh}': "expected integer, got longstr"`);
    // unknown keys and amq.* exchanges are passed over
    expect((await post('/api/definitions', { something: [1], exchanges: [{ name: 'amq.mine', vhost: vh, type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} }] })).status).toBe(204);
    expect((await t.call('GET', `/api/exchanges/${seg(vh)}/amq.mine`)).status).toBe(404);
  });

  it('needs an administrator', async () => {
    const r = await t.call('GET', '/api/definitions', { auth: [user, 's3cret'] });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
  });
});

describe('form upload (the management UI, curl -F file=@defs.json)', () => {
  const form = (fields: Array<[string, string, string?]>): { raw: Buffer; headers: Record<string, string> } => {
    const b = '----warren-test-boundary';
    const body = fields.map(([name, value, filename]) => `--${b}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/json` : ''}\r\n\r\n${value}\r\n`).join('') + `--${b}--\r\n`;
    return { raw: Buffer.from(body), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
  };

  it('imports the file field, and answers a redirect field with 303 to that page', async () => {
    const v1 = uniqueName('form');
    expect((await t.call('POST', '/api/definitions', form([['file', JSON.stringify({ vhosts: [{ name: v1 }] }), 'defs.json']]))).status).toBe(204);
    expect((await t.call('GET', `/api/vhosts/${seg(v1)}`)).status).toBe(200);
    const v2 = uniqueName('form');
    const r = await t.call('POST', '/api/definitions', form([['file', JSON.stringify({ vhosts: [{ name: v2 }] }), 'defs.json'], ['redirect', '/#/']]));
    expect([r.status, r.headers.location]).toEqual([303, '/#/']);
    expect((await t.call('GET', `/api/vhosts/${seg(v2)}`)).status).toBe(200);
    for (const v of [v1, v2]) await t.call('DELETE', `/api/vhosts/${seg(v)}`);
  });

  it('a form without a file, or with a file that is not JSON, is a 400', async () => {
    const missing = await t.call('POST', '/api/definitions', form([['other', '{}', 'defs.json']]));
    expect([missing.status, missing.json]).toEqual([400, { error: 'bad_request', reason: 'failed_to_parse_json' }]);
    const bogus = await t.call('POST', '/api/definitions', form([['file', 'bogus']]));
    expect([bogus.status, bogus.json]).toEqual([400, { error: 'bad_request', reason: 'failed_to_parse_json' }]);
  });
});

describe('per-vhost definitions', () => {
  it('exports the vhost\'s objects without vhost keys, and imports them into another vhost', async () => {
    const r = await t.call('GET', `/api/definitions/${seg(vh)}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['rabbit_version', 'parameters', 'policies', 'queues', 'exchanges', 'bindings']);
    for (const key of ['queues', 'exchanges', 'bindings']) for (const item of r.json[key]) expect(item).not.toHaveProperty('vhost');
    expect(named(r.json.queues, 'orders')).toEqual({ name: 'orders', durable: true, auto_delete: false, arguments: { 'x-max-length': 10, 'x-dead-letter-exchange': 'dlx', 'x-queue-type': 'classic' } });
    const copy = `${vh}-copy`;
    expect((await t.call('PUT', `/api/vhosts/${seg(copy)}`)).status).toBe(201);
    try {
      expect((await post(`/api/definitions/${seg(copy)}`, r.json)).status).toBe(204);
      const again = (await t.call('GET', `/api/definitions/${seg(copy)}`)).json;
      for (const key of ['queues', 'exchanges', 'bindings']) {
        expect(again[key]).toHaveLength(r.json[key].length);
        expect(again[key]).toEqual(expect.arrayContaining(r.json[key]));
      }
    } finally {
      await t.call('DELETE', `/api/vhosts/${seg(copy)}`);
    }
  });

  it('a missing vhost: 400 for GET, 404 for POST', async () => {
    const none = seg(`${vh}-none`);
    expect(await t.call('GET', `/api/definitions/${none}`)).toMatchObject({ status: 400, json: { error: 'bad_request', reason: 'vhost_not_found' } });
    expect(await post(`/api/definitions/${none}`, {})).toMatchObject({ status: 404, json: { error: 'not_found', reason: 'vhost_not_found' } });
  });
});
