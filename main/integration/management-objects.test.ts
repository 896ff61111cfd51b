// Exchanges, queues and bindings over the management HTTP API: declare, list, page, bind,
// publish, get, purge and delete, with RabbitMQ's JSON and errors. WARREN_TEST_MGMT_URL runs it
// against the reference RabbitMQ (see management-api.test.ts).
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let V: string;
const usersMade: string[] = [];

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('objs');
  V = seg(vh);
  expect((await t.call('PUT', `/api/vhosts/${V}`)).status).toBe(201); // the creator gets full permissions
});
afterAll(async () => {
  await t.call('DELETE', `/api/vhosts/${V}`);
  for (const u of usersMade) await t.call('DELETE', `/api/users/${seg(u)}`);
  await t.stop();
});

const names = (rows: Array<{ name: string }>): string[] => rows.map((r) => r.name);

describe('exchanges', () => {
  it('declares (201, then 204), shows, refuses inequivalent and reserved declarations, deletes', async () => {
    const path = `/api/exchanges/${V}/logs`;
    expect((await t.call('PUT', path, { body: { type: 'topic', durable: true, arguments: { 'alternate-exchange': 'amq.fanout' } } })).status).toBe(201);
    expect((await t.call('PUT', path, { body: { type: 'topic', durable: true, arguments: { 'alternate-exchange': 'amq.fanout' } } })).status).toBe(204);
    expect((await t.call('GET', path)).json).toMatchObject({
      name: 'logs', vhost: vh, type: 'topic', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'amq.fanout' },
    });
    expect((await t.call('PUT', path, { body: { type: 'direct', durable: true, arguments: { 'alternate-exchange': 'amq.fanout' } } })).json).toEqual({
      error: 'bad_request', reason: `inequivalent arg 'type' for exchange 'logs' in vhost '${vh}': received 'direct' but current is 'topic'`,
    });
    expect((await t.call('PUT', `/api/exchanges/${V}/bad`, { body: { type: 'nope' } })).json).toEqual({ error: 'bad_request', reason: "invalid exchange type 'nope'" });
    expect((await t.call('PUT', `/api/exchanges/${V}/amq.mine`, { body: { type: 'direct' } })).json).toEqual({ error: 'not_authorised', reason: 'Access refused.' });
    expect((await t.call('DELETE', `/api/exchanges/${V}/amq.direct`)).status).toBe(401);
    expect((await t.call('GET', `/api/exchanges/${V}/amq.default`)).json).toMatchObject({ name: '', type: 'direct' });
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('DELETE', path)).status).toBe(404);
    expect((await t.call('GET', `/api/exchanges/${seg(uniqueName('none'))}`)).status).toBe(404);
  });

  it('defaults to a transient direct exchange', async () => {
    expect((await t.call('PUT', `/api/exchanges/${V}/plain`, { body: {} })).status).toBe(201);
    expect((await t.call('GET', `/api/exchanges/${V}/plain?columns=type,durable`)).json).toEqual({ type: 'direct', durable: false });
    await t.call('DELETE', `/api/exchanges/${V}/plain`);
  });

  it('lists and pages the exchanges of a vhost', async () => {
    const all = (await t.call('GET', `/api/exchanges/${V}`)).json;
    expect(names(all)).toEqual(['', 'amq.direct', 'amq.fanout', 'amq.headers', 'amq.match', 'amq.rabbitmq.trace', 'amq.topic']);
    expect((await t.call('GET', `/api/exchanges/${V}?page=1&page_size=2&name=a&columns=name,vhost`)).json).toEqual({
      filtered_count: 6, item_count: 2, items: [{ name: 'amq.direct', vhost: vh }, { name: 'amq.fanout', vhost: vh }], page: 1, page_count: 3, page_size: 2, total_count: 7,
    });
    expect((await t.call('GET', `/api/exchanges/${V}?page=1&page_size=3&sort=type&sort_reverse=true&columns=name`)).json.items)
      .toEqual([{ name: 'amq.topic' }, { name: 'amq.rabbitmq.trace' }, { name: 'amq.match' }]);
    expect(names((await t.call('GET', '/api/exchanges')).json.filter((x: { vhost: string }) => x.vhost === vh))).toHaveLength(7);
  });
});

describe('queues', () => {
  it('declares, shows, refuses inequivalent or invalid declarations, deletes', async () => {
    const path = `/api/queues/${V}/jobs`;
    expect((await t.call('PUT', path, { body: { durable: true, arguments: { 'x-max-length': 10 } } })).status).toBe(201);
    expect((await t.call('PUT', path, { body: { durable: true, arguments: { 'x-max-length': 10 } } })).status).toBe(204);
    expect((await t.call('PUT', path, { body: { durable: false, arguments: { 'x-max-length': 10 } } })).json).toEqual({
      error: 'bad_request', reason: `inequivalent arg 'durable' for queue 'jobs' in vhost '${vh}': received 'false' but current is 'true'`,
    });
    expect((await t.call('PUT', `/api/queues/${V}/bad`, { body: { arguments: { 'x-max-length': 'a' } } })).status).toBe(400);
    expect((await t.call('GET', `${path}?columns=name,vhost,durable,auto_delete,exclusive,arguments,type,node`)).json).toMatchObject({
      name: 'jobs', vhost: vh, durable: true, auto_delete: false, exclusive: false, arguments: { 'x-max-length': 10 }, type: 'classic', node: expect.any(String),
    });
    expect(names((await t.call('GET', `/api/queues/${V}`)).json)).toEqual(['jobs']);
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('DELETE', path)).status).toBe(404);
  });

  it('counts messages and consumers, purges, and deletes only when allowed', async () => {
    const path = `/api/queues/${V}/work`;
    await t.call('PUT', path, { body: { durable: false } });
    const conn = await amqp.connect(t.amqpUrl(vh));
    try {
      const ch = await conn.createChannel();
      for (let i = 0; i < 3; i++) ch.sendToQueue('work', Buffer.from(`m${i}`));
      const consumer = await conn.createChannel();
      await consumer.prefetch(1);
      await consumer.consume('work', () => {});
      const stats = async (): Promise<Record<string, number>> => (await t.call('GET', path)).json;
      await waitFor(async () => (await stats()).messages_unacknowledged === 1 && (await stats()).consumers === 1);
      expect(await stats()).toMatchObject({ messages: 3, messages_ready: 2, messages_unacknowledged: 1, consumers: 1 });
      expect((await t.call('DELETE', `${path}?if-empty=true`)).json).toEqual({ error: 'bad_request', reason: `queue 'work' in vhost '${vh}' not empty` });
      expect((await t.call('DELETE', `${path}/contents`)).status).toBe(204);
      await waitFor(async () => (await stats()).messages_ready === 0);
      await consumer.close();
      await waitFor(async () => (await stats()).messages === 1 && (await stats()).consumers === 0);
    } finally {
      await conn.close();
    }
    expect((await t.call('DELETE', `${path}?if-unused=true`)).status).toBe(204);
  });
});

describe('exclusive queues', () => {
  it('are locked to the connection that owns them', async () => {
    const conn = await amqp.connect(t.amqpUrl(vh));
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('mine', { exclusive: true });
      const locked = `cannot obtain exclusive access to locked queue 'mine' in vhost '${vh}'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`;
      const path = `/api/queues/${V}/mine`;
      expect((await t.call('POST', `${path}/get`, { body: { count: 1, ackmode: 'ack_requeue_true', encoding: 'auto' } })).json).toEqual({ error: 'bad_request', reason: `405 RESOURCE_LOCKED - ${locked}` });
      expect((await t.call('DELETE', `${path}/contents`)).json).toEqual({ error: 'bad_request', reason: locked });
      expect((await t.call('PUT', path, { body: {} })).json).toEqual({ error: 'bad_request', reason: locked });
      expect((await t.call('DELETE', path)).json).toEqual({ error: 'bad_request', reason: locked });
      expect((await t.call('GET', path)).json).toMatchObject({ name: 'mine', exclusive: true });
    } finally {
      await conn.close();
    }
  });
});

describe('bindings', () => {
  it('binds with POST (201 and Location), lists, shows and deletes by properties key', async () => {
    await t.call('PUT', `/api/exchanges/${V}/ex`, { body: { type: 'topic' } });
    await t.call('PUT', `/api/queues/${V}/bq`, { body: {} });
    const pairPath = `/api/bindings/${V}/e/ex/q/bq`;
    const made = await t.call('POST', pairPath, { body: { routing_key: 'a.#', arguments: { x: 1 } } });
    expect(made.status).toBe(201);
    expect(made.headers.location).toMatch(/^bq\/a\.%2523~[A-Za-z0-9_-]+$/);
    const plain = await t.call('POST', pairPath, { body: {} });
    expect(plain.headers.location).toBe('bq/~');
    const list = (await t.call('GET', pairPath)).json;
    expect(list).toHaveLength(2);
    const withArgs = list.find((b: { routing_key: string }) => b.routing_key === 'a.#');
    expect(withArgs).toMatchObject({ source: 'ex', vhost: vh, destination: 'bq', destination_type: 'queue', arguments: { x: 1 } });
    expect(withArgs.properties_key).toMatch(/^a\.%23~/);
    const onePath = `${pairPath}/${seg(withArgs.properties_key)}`;
    expect((await t.call('GET', onePath)).json).toEqual(withArgs);
    const qb = (await t.call('GET', `/api/queues/${V}/bq/bindings`)).json;
    expect(qb[0]).toEqual({ source: '', vhost: vh, destination: 'bq', destination_type: 'queue', routing_key: 'bq', arguments: {}, properties_key: 'bq' });
    expect(qb).toHaveLength(3);
    expect((await t.call('GET', `/api/exchanges/${V}/ex/bindings/source`)).json).toHaveLength(2);
    expect((await t.call('GET', `/api/bindings/${V}`)).json).toEqual(expect.arrayContaining([withArgs]));
    expect((await t.call('DELETE', onePath)).status).toBe(204);
    expect((await t.call('DELETE', onePath)).status).toBe(404);
    expect((await t.call('DELETE', `${pairPath}/~`)).status).toBe(204);
    expect((await t.call('GET', pairPath)).json).toEqual([]);
  });

  it('binds exchanges to exchanges', async () => {
    await t.call('PUT', `/api/exchanges/${V}/up`, { body: { type: 'fanout' } });
    await t.call('PUT', `/api/exchanges/${V}/down`, { body: { type: 'direct' } });
    const r = await t.call('POST', `/api/bindings/${V}/e/up/e/down`, { body: { routing_key: 'k' } });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe('down/k');
    expect((await t.call('GET', `/api/bindings/${V}/e/up/e/down/k`)).json).toMatchObject({ source: 'up', destination: 'down', destination_type: 'exchange' });
    expect((await t.call('GET', `/api/exchanges/${V}/down/bindings/destination`)).json).toHaveLength(1);
    expect((await t.call('DELETE', `/api/bindings/${V}/e/up/e/down/k`)).status).toBe(204);
  });

  it('refuses a binding to a missing queue', async () => {
    expect((await t.call('POST', `/api/bindings/${V}/e/amq.direct/q/nosuch`, { body: {} })).status).toBe(404);
  });
});

describe('publish and get', () => {
  it('publishes (routed or not) and gets with each ack mode', async () => {
    await t.call('PUT', `/api/queues/${V}/inbox`, { body: {} });
    const publish = (body: Record<string, unknown>) => t.call('POST', `/api/exchanges/${V}/amq.default/publish`, { body });
    const msg = { routing_key: 'inbox', payload: 'hello world', payload_encoding: 'string', properties: { delivery_mode: 2, headers: { h: 1 }, content_type: 'text/plain' } };
    expect((await publish(msg)).json).toEqual({ routed: true });
    expect((await publish({ ...msg, routing_key: 'nowhere' })).json).toEqual({ routed: false });
    expect((await publish({ ...msg, payload: Buffer.from([0xff, 0, 1]).toString('base64'), payload_encoding: 'base64' })).json).toEqual({ routed: true });
    expect((await publish({ routing_key: 'x', payload: '', payload_encoding: 'string' })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,properties}]' });
    expect((await t.call('POST', `/api/exchanges/${V}/nox/publish`, { body: msg })).json).toEqual({ error: 'bad_request', reason: `404 NOT_FOUND - no exchange 'nox' in vhost '${vh}'` });

    const get = (body: Record<string, unknown>) => t.call('POST', `/api/queues/${V}/inbox/get`, { body });
    expect((await get({ count: 1 })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,ackmode},{key_missing,encoding}]' });
    const peek = (await get({ count: 5, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: 5 })).json;
    expect(peek).toEqual([
      { payload_bytes: 11, redelivered: false, exchange: '', routing_key: 'inbox', message_count: 1, properties: { delivery_mode: 2, headers: { h: 1 }, content_type: 'text/plain' }, payload: 'hello', payload_encoding: 'string' },
      expect.objectContaining({ payload_bytes: 3, payload: '/wAB', payload_encoding: 'base64', message_count: 0 }),
    ]);
    const again = (await get({ count: 1, ackmode: 'ack_requeue_false', encoding: 'base64' })).json;
    expect(again).toMatchObject([{ redelivered: true, payload: Buffer.from('hello world').toString('base64'), payload_encoding: 'base64', message_count: 1 }]);
    expect((await get({ count: 1, ackmode: 'reject_requeue_false', encoding: 'auto' })).json).toHaveLength(1);
    expect((await get({ count: 1, ackmode: 'ack_requeue_true', encoding: 'auto' })).json).toEqual([]);
  });
});

describe('vhost access', () => {
  it('shows a management user only the objects of vhosts it may use', async () => {
    const user = uniqueName('u');
    usersMade.push(user);
    await t.call('PUT', `/api/users/${seg(user)}`, { body: { password: 'pw', tags: 'management' } });
    const auth: [string, string] = [user, 'pw'];
    await t.call('PUT', `/api/queues/${V}/secret`, { body: {} });
    const refused = await t.call('GET', `/api/queues/${V}`, { auth });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'not_authorised', reason: 'User not authorised to access virtual host' });
    expect((await t.call('GET', `/api/queues/${V}/secret`, { auth })).status).toBe(401);
    expect((await t.call('GET', '/api/queues', { auth })).json.filter((q: { vhost: string }) => q.vhost === vh)).toEqual([]);
    await t.call('PUT', `/api/permissions/${V}/${seg(user)}`, { body: { configure: '^mine', write: '.*', read: '.*' } });
    expect(names((await t.call('GET', `/api/queues/${V}`, { auth })).json)).toContain('secret');
    expect((await t.call('PUT', `/api/queues/${V}/mine-1`, { auth, body: {} })).status).toBe(201);
    const denied = await t.call('PUT', `/api/queues/${V}/other`, { auth, body: {} });
    expect(denied.status).toBe(401);
    expect(denied.json.error).toBe('not_authorised');
  });
});

async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
