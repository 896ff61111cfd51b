// The management HTTP API's framework and access resources, driven over HTTP as rabbitmqadmin and
// monitoring tools drive it. WARREN_TEST_MGMT_URL=http://guest:guest@127.0.0.1:15682 runs the same
// tests against the reference RabbitMQ; Warren-only checks (request hygiene) skip there.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../broker/access/password-hash';
import { uniqueName } from './harness';
import { httpCall, seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
const vhostsMade: string[] = [];
const usersMade: string[] = [];

beforeAll(async () => { t = await startManagement(); });
afterAll(async () => {
  for (const v of vhostsMade) await t.call('DELETE', `/api/vhosts/${seg(v)}`);
  for (const u of usersMade) await t.call('DELETE', `/api/users/${seg(u)}`);
  await t.stop();
});

async function newUser(tags: string, password = 'pw'): Promise<[string, string]> {
  const name = uniqueName('u');
  usersMade.push(name);
  expect((await t.call('PUT', `/api/users/${seg(name)}`, { body: { password, tags } })).status).toBe(201);
  return [name, password];
}

async function newVhost(prefix = 'vh'): Promise<string> {
  const name = uniqueName(prefix);
  vhostsMade.push(name);
  expect((await t.call('PUT', `/api/vhosts/${seg(name)}`)).status).toBe(201);
  return name;
}

describe('authentication and tags', () => {
  it('refuses a missing or wrong login with a Basic challenge', async () => {
    for (const auth of [null, ['guest', 'wrong'] as [string, string], ['nobody-at-all', 'x'] as [string, string]]) {
      const r = await t.call('GET', '/api/overview', { auth });
      expect(r.status).toBe(401);
      // without credentials the challenge comes with an empty body
      expect(r.json).toEqual(auth ? { error: 'not_authorized', reason: 'Login failed' } : undefined);
      expect(r.headers['www-authenticate']).toBe('Basic realm="RabbitMQ Management"');
    }
  });

  it('refuses users without a management tag, and management users on admin resources', async () => {
    const plain = await newUser('');
    expect((await t.call('GET', '/api/overview', { auth: plain })).json).toEqual({ error: 'not_authorised', reason: 'Not management user' });
    const mgmt = await newUser('management');
    const r = await t.call('GET', '/api/users', { auth: mgmt });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
    expect((await t.call('PUT', `/api/vhosts/${seg(uniqueName('x'))}`, { auth: mgmt })).json.reason).toBe('Not administrator user');
  });

  it('tells the caller who they are', async () => {
    expect((await t.call('GET', '/api/whoami')).json).toEqual({ name: t.admin[0], tags: ['administrator'] });
    const mon = await newUser('monitoring,management');
    expect((await t.call('GET', '/api/whoami', { auth: mon })).json).toEqual({ name: mon[0], tags: ['monitoring', 'management'] });
  });

  it('shows a management user only the vhosts it has permissions in', async () => {
    const [mine, other] = [await newVhost(), await newVhost()];
    const mgmt = await newUser('management');
    const mon = await newUser('monitoring');
    await t.call('PUT', `/api/permissions/${seg(mine)}/${seg(mgmt[0])}`, { body: { configure: '.*', write: '.*', read: '.*' } });
    const names = (await t.call('GET', '/api/vhosts', { auth: mgmt })).json.map((v: { name: string }) => v.name);
    expect(names).toEqual([mine]);
    // one vhost is for administrators only, even the caller's own
    expect((await t.call('GET', `/api/vhosts/${seg(mine)}`, { auth: mgmt })).json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
    expect((await t.call('GET', `/api/vhosts/${seg(other)}`, { auth: mon })).json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
    // monitoring users list every vhost
    const all = (await t.call('GET', '/api/vhosts', { auth: mon })).json.map((v: { name: string }) => v.name);
    expect(all).toEqual(expect.arrayContaining([mine, other, '/']));
  });
});

describe('errors', () => {
  it('answers unknown paths, methods and bad JSON as RabbitMQ does', async () => {
    expect(await t.call('GET', '/api/no-such-thing')).toMatchObject({ status: 404, json: { error: 'Object Not Found', reason: 'Not Found' } });
    const post = await t.call('POST', '/api/whoami');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('HEAD, GET, OPTIONS');
    expect(await t.call('OPTIONS', '/api/whoami')).toMatchObject({ status: 200, headers: { allow: 'HEAD, GET, OPTIONS' } });
    const bad = await t.call('PUT', `/api/users/${seg(uniqueName('u'))}`, { raw: '{"password": ' });
    expect(bad).toMatchObject({ status: 400, json: { error: 'bad_request', reason: 'not_json' } });
  });
});

describe('/api/overview', () => {
  it('has the fields management tools read', async () => {
    const head = await t.call('HEAD', '/api/overview');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const o = (await t.call('GET', '/api/overview')).json;
    expect(o.management_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(o.rabbitmq_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof o.product_name).toBe('string');
    expect(typeof o.product_version).toBe('string');
    expect(typeof o.node).toBe('string');
    expect(typeof o.cluster_name).toBe('string');
    expect(Object.keys(o.object_totals).sort()).toEqual(['channels', 'connections', 'consumers', 'exchanges', 'queues']);
    expect(o.queue_totals).toMatchObject({ messages: expect.any(Number), messages_ready: expect.any(Number), messages_unacknowledged: expect.any(Number) });
    expect(o.exchange_types.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['direct', 'fanout', 'headers', 'topic']));
    // Warren has the plugins' types built in; RabbitMQ lists them once their plugins are enabled
    if (!t.external) {
      expect(o.exchange_types).toEqual(expect.arrayContaining(['x-consistent-hash', 'x-random', 'x-recent-history', 'x-modulus-hash', 'x-delayed-message'].map((name) => ({ name, description: expect.any(String), enabled: true }))));
    }
    expect(o.listeners).toEqual(expect.arrayContaining([expect.objectContaining({ protocol: 'amqp', port: expect.any(Number), node: o.node })]));
  });
});

describe('/api/vhosts', () => {
  it('creates (201), updates (204), shows and deletes a vhost', async () => {
    const name = uniqueName('vh');
    vhostsMade.push(name);
    expect((await t.call('PUT', `/api/vhosts/${seg(name)}`, { body: { description: 'for tests' } })).status).toBe(201);
    expect((await t.call('PUT', `/api/vhosts/${seg(name)}`, { body: { description: 'changed' } })).status).toBe(204);
    const v = (await t.call('GET', `/api/vhosts/${seg(name)}`)).json;
    expect(v).toMatchObject({ name, description: 'changed', tags: [], tracing: false });
    expect((await t.call('GET', '/api/vhosts/%2F')).json.name).toBe('/');
    expect((await t.call('DELETE', `/api/vhosts/${seg(name)}`)).status).toBe(204);
    expect((await t.call('GET', `/api/vhosts/${seg(name)}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/vhosts/${seg(name)}`)).status).toBe(404);
  });

  it('deleting a vhost closes its connections and removes its queues', async () => {
    const name = await newVhost();
    const conn = await amqp.connect(t.amqpUrl(name));
    conn.on('error', () => {});
    const closed = new Promise<Error>((resolve) => conn.on('close', (e: Error) => resolve(e)));
    const ch = await conn.createChannel();
    await ch.assertQueue('doomed', { durable: true });
    expect((await t.call('DELETE', `/api/vhosts/${seg(name)}`)).status).toBe(204);
    // RabbitMQ says "is deleted", or "is down" when the vhost's supervisor stops first
    expect((await closed).message).toMatch(new RegExp(`320 \\(CONNECTION-FORCED\\) with message "CONNECTION_FORCED - vhost '${name}' is (deleted|down)"`));
    // the same name again is an empty vhost
    expect((await t.call('PUT', `/api/vhosts/${seg(name)}`)).status).toBe(201);
    const again = await amqp.connect(t.amqpUrl(name));
    const ch2 = await again.createChannel();
    ch2.on('error', () => {});
    await expect(ch2.checkQueue('doomed')).rejects.toThrow(/404/);
    await again.close().catch(() => {});
  });

  it('pages, filters, sorts and picks columns', async () => {
    const prefix = uniqueName('pg');
    for (const s of ['a', 'b', 'c']) {
      vhostsMade.push(`${prefix}-${s}`);
      await t.call('PUT', `/api/vhosts/${seg(`${prefix}-${s}`)}`);
    }
    const p = (await t.call('GET', `/api/vhosts?page=1&page_size=2&name=${prefix}&columns=name,tags`)).json;
    expect(p).toMatchObject({ filtered_count: 3, item_count: 2, page: 1, page_count: 2, page_size: 2 });
    expect(p.total_count).toBeGreaterThanOrEqual(4);
    expect(p.items).toEqual([{ name: `${prefix}-a`, tags: [] }, { name: `${prefix}-b`, tags: [] }]);
    const rev = (await t.call('GET', `/api/vhosts?page=1&name=${prefix.toUpperCase()}-(a|c)$&use_regex=true&sort=name&sort_reverse=true&columns=name`)).json;
    expect(rev.items).toEqual([{ name: `${prefix}-c` }, { name: `${prefix}-a` }]);
    expect((await t.call('GET', `/api/vhosts?page=5&page_size=2&name=${prefix}`)).json)
      .toEqual({ error: 'page_out_of_range', reason: 'Page out of range, page: 5 page size: 2, len: 3' });
    expect((await t.call('GET', '/api/vhosts?page=0')).json)
      .toEqual({ error: 'invalid_pagination_parameters', reason: 'Invalid pagination parameters: page number 0, page size undefined' });
    expect((await t.call('GET', '/api/vhosts?page=1&page_size=501')).status).toBe(400);
    expect((await t.call('GET', '/api/vhosts?page=x')).json).toEqual({ error: 'bad_request', reason: 'Pagination parameters are invalid' });
    const cols = (await t.call('GET', '/api/vhosts?columns=name')).json;
    expect(cols.every((v: object) => Object.keys(v).join() === 'name')).toBe(true);
  });
});

describe('/api/users', () => {
  it('creates, updates, shows and deletes users; tags as a list or a comma string', async () => {
    const name = uniqueName('u');
    usersMade.push(name);
    const path = `/api/users/${seg(name)}`;
    expect((await t.call('PUT', path, { body: { password: 'x' } })).json).toEqual({ error: 'bad_request', reason: 'tags_not_present' });
    expect((await t.call('PUT', path, { body: { password: 'secret', tags: 'management, policymaker' } })).status).toBe(201);
    expect((await t.call('PUT', path, { body: { password: 'secret', tags: ['monitoring'] } })).status).toBe(204);
    const u = (await t.call('GET', path)).json;
    expect(u).toEqual({ name, password_hash: expect.any(String), hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring'], limits: {} });
    expect((await t.call('GET', '/api/users')).json.map((x: { name: string }) => x.name)).toContain(name);
    expect((await t.call('GET', '/api/whoami', { auth: [name, 'secret'] })).json).toEqual({ name, tags: ['monitoring'] });
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('DELETE', path)).status).toBe(404);
    expect((await t.call('GET', '/api/whoami', { auth: [name, 'secret'] })).status).toBe(401);
  });

  it('deleting a user closes its connections', async () => {
    const [name, password] = await newUser('');
    await t.call('PUT', `/api/permissions/%2F/${seg(name)}`, { body: { configure: '.*', write: '.*', read: '.*' } });
    const conn = await amqp.connect(t.amqpUrl('/', [name, password]));
    conn.on('error', () => {});
    const closed = new Promise<Error>((resolve) => conn.on('close', (e: Error) => resolve(e)));
    expect((await t.call('DELETE', `/api/users/${seg(name)}`)).status).toBe(204);
    expect((await closed).message).toMatch(`CONNECTION_FORCED - user '${name}' is deleted`);
  });

  it('accepts a password hash in RabbitMQ format', async () => {
    const name = uniqueName('u');
    usersMade.push(name);
    const hash = hashPassword('from-hash', 'rabbit_password_hashing_sha512');
    const path = `/api/users/${seg(name)}`;
    expect((await t.call('PUT', path, { body: { password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha512', tags: 'management' } })).status).toBe(201);
    expect((await t.call('GET', path)).json).toMatchObject({ password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha512' });
    expect((await t.call('GET', '/api/whoami', { auth: [name, 'from-hash'] })).status).toBe(200);
    expect((await t.call('PUT', path, { body: { password_hash: 'abc', tags: '' } })).json).toEqual({ error: 'bad_request', reason: ['not_base64', 'abc'] });
  });
});

describe('permissions', () => {
  it('sets, lists, shows and clears permissions, with RabbitMQ\'s errors', async () => {
    const vh = await newVhost();
    const [user] = await newUser('management');
    const path = `/api/permissions/${seg(vh)}/${seg(user)}`;
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('PUT', path, { body: { configure: '.*' } })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,write},{key_missing,read}]' });
    expect((await t.call('PUT', `/api/permissions/${seg(uniqueName('none'))}/${seg(user)}`, { body: { configure: '', write: '', read: '' } })).json)
      .toEqual({ error: 'bad_request', reason: 'vhost_or_user_not_found' });
    expect((await t.call('PUT', path, { body: { configure: '(', write: '', read: '' } })).status).toBe(400);
    expect((await t.call('PUT', path, { body: { configure: '^c', write: '^w', read: '^r' } })).status).toBe(201);
    expect((await t.call('PUT', path, { body: { configure: '^c', write: '^w', read: '.*' } })).status).toBe(204);
    const p = { user, vhost: vh, configure: '^c', write: '^w', read: '.*' };
    expect((await t.call('GET', path)).json).toEqual(p);
    expect((await t.call('GET', '/api/permissions')).json).toContainEqual(p);
    expect((await t.call('GET', `/api/users/${seg(user)}/permissions`)).json).toEqual([p]);
    expect((await t.call('GET', `/api/vhosts/${seg(vh)}/permissions`)).json).toEqual([
      { user: t.admin[0], vhost: vh, configure: '.*', write: '.*', read: '.*' }, p,
    ].sort((a, b) => (a.user < b.user ? -1 : 1)));
    expect((await t.call('GET', `/api/vhosts/${seg(uniqueName('none'))}/permissions`)).status).toBe(404);
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('GET', `/api/users/${seg(user)}/permissions`)).json).toEqual([]);
  });

  it('sets, lists and clears topic permissions', async () => {
    const vh = await newVhost();
    const [user] = await newUser('');
    const path = `/api/topic-permissions/${seg(vh)}/${seg(user)}`;
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('PUT', path, { body: { write: '^a' } })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,exchange},{key_missing,read}]' });
    expect((await t.call('PUT', path, { body: { exchange: 'amq.topic', write: '^a', read: '.*' } })).status).toBe(201);
    expect((await t.call('PUT', path, { body: { exchange: 'amq.topic', write: '^b', read: '.*' } })).status).toBe(204);
    const p = { user, vhost: vh, exchange: 'amq.topic', write: '^b', read: '.*' };
    expect((await t.call('GET', path)).json).toEqual([p]);
    expect((await t.call('GET', '/api/topic-permissions')).json).toContainEqual(p);
    expect((await t.call('GET', `/api/users/${seg(user)}/topic-permissions`)).json).toEqual([p]);
    expect((await t.call('GET', `/api/vhosts/${seg(vh)}/topic-permissions`)).json).toEqual([p]);
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('GET', path)).status).toBe(404);
  });
});

describe('health checks', () => {
  it('answers the single-node checks', async () => {
    const amqpPort = Number(new URL(t.amqpUrl()).port);
    expect((await t.call('GET', '/api/health/checks/alarms')).json).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/api/health/checks/local-alarms')).json).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/api/health/checks/virtual-hosts')).json).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/api/health/checks/node-is-quorum-critical')).json).toMatchObject({ status: 'ok' });
    expect((await t.call('GET', `/api/health/checks/port-listener/${amqpPort}`)).json).toEqual({ status: 'ok', port: amqpPort });
    const missing = await t.call('GET', '/api/health/checks/port-listener/1');
    expect(missing.status).toBe(503);
    expect(missing.json).toMatchObject({ status: 'failed', reason: 'No active listener', missing: 1, ports: expect.arrayContaining([amqpPort]) });
    expect((await t.call('GET', '/api/health/checks/protocol-listener/amqp')).json).toEqual({ status: 'ok', protocol: 'amqp' });
    expect((await t.call('GET', '/api/health/checks/protocol-listener/nope')).status).toBe(503);
  });

  it('runs the aliveness test in a vhost', async () => {
    expect((await t.call('GET', '/api/aliveness-test/%2F')).json).toEqual({ status: 'ok' });
    expect((await t.call('GET', `/api/aliveness-test/${seg(uniqueName('none'))}`)).status).toBe(404);
    // whoever creates a vhost gets full permissions in it; without them even an administrator is refused
    const vh = await newVhost();
    expect((await t.call('GET', `/api/permissions/${seg(vh)}/${seg(t.admin[0])}`)).json).toMatchObject({ configure: '.*', write: '.*', read: '.*' });
    expect((await t.call('GET', `/api/aliveness-test/${seg(vh)}`)).json).toEqual({ status: 'ok' });
    await t.call('DELETE', `/api/permissions/${seg(vh)}/${seg(t.admin[0])}`);
    expect((await t.call('GET', `/api/aliveness-test/${seg(vh)}`)).json).toEqual({ error: 'not_authorised', reason: 'Access refused.' });
  });
});

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('request hygiene (Warren)', () => {
  it('refuses cross-site requests but serves its own pages', async () => {
    const own = await t.call('GET', '/api/whoami', { headers: { origin: t.base } });
    expect(own.status).toBe(200);
    const cross = await t.call('GET', '/api/whoami', { headers: { origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
    expect(cross.json.error).toBe('access_refused');
    expect((await t.call('GET', '/api/whoami', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await t.call('GET', '/api/whoami', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await httpCall(t.base, 'GET', '/api/whoami', { auth: t.admin, headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('limits request bodies, answering as RabbitMQ does past its (larger) limit', async () => {
    const r = await t.call('PUT', `/api/vhosts/${seg(uniqueName('big'))}`, { raw: JSON.stringify({ description: 'x'.repeat(70_000) }) });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'bad_request', reason: 'Exceeded HTTP request body size limit' });
  });

  it('leaves /api/route and the UI to the UI server', async () => {
    expect((await t.call('GET', '/api/route')).status).toBe(405);
  });
});
