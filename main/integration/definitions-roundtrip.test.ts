// Definitions round trip between the reference RabbitMQ and Warren, both ways: export from the
// reference, import into Warren, export from Warren, import into the reference, and each time the
// same users (whose passwords still work), vhosts, permissions, queues, exchanges and bindings.
// Skipped when the reference is not there (WARREN_TEST_REFERENCE_URL, default 127.0.0.1:15682).
import amqp from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { httpCall, seg, startManagement, type HttpResult, type ManagementTarget } from './management-support';

const REFERENCE = new URL(process.env.WARREN_TEST_REFERENCE_URL ?? 'http://guest:guest@127.0.0.1:15682');
const refBase = REFERENCE.origin;
const refAuth: [string, string] = [decodeURIComponent(REFERENCE.username) || 'guest', decodeURIComponent(REFERENCE.password) || 'guest'];
const referenceUp = await fetch(`${refBase}/api/overview`).then(() => true, () => false);
const ref = (method: string, path: string, body?: unknown): Promise<HttpResult> => httpCall(refBase, method, path, { auth: refAuth, body });

let warren: ManagementTarget;
const vhost = uniqueName('rt');
const fromRef = uniqueName('rt-ref-user');
const fromWarren = uniqueName('rt-warren-user');

type Defs = Record<string, Array<Record<string, unknown>>>;
const KEYS = ['users', 'vhosts', 'permissions', 'topic_permissions', 'queues', 'exchanges', 'bindings'];

/** This test's items only (the reference holds other tests' objects), in a stable order. */
function ours(defs: Defs): Defs {
  const out: Defs = {};
  for (const k of KEYS) {
    const mine = (defs[k] ?? []).filter((i) => (k === 'users' ? i.name === fromRef || i.name === fromWarren : k === 'vhosts' ? i.name === vhost : i.vhost === vhost));
    out[k] = mine.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

async function amqpLogin(target: ManagementTarget | null, user: string, pass: string): Promise<void> {
  const url = target ? target.amqpUrl(vhost, [user, pass]) : `amqp://${user}:${pass}@${REFERENCE.hostname}:${process.env.WARREN_TEST_REFERENCE_AMQP_PORT ?? 5682}/${seg(vhost)}`;
  const c = await amqp.connect(url);
  await c.close();
}

async function cleanReference(): Promise<void> {
  await ref('DELETE', `/api/vhosts/${seg(vhost)}`);
  await ref('DELETE', `/api/users/${seg(fromRef)}`);
  await ref('DELETE', `/api/users/${seg(fromWarren)}`);
}

beforeAll(async () => {
  if (!referenceUp) return;
  warren = await startManagement();
});
afterAll(async () => {
  if (!referenceUp) return;
  await cleanReference();
  await warren.stop();
});

it.skipIf(!referenceUp)('reference -> Warren -> reference keeps users, passwords, vhosts, permissions, queues, exchanges and bindings', async () => {
  if (warren.external) return; // WARREN_TEST_MGMT_URL points at another broker: nothing to compare
  // 1. the objects, made on the reference
  expect((await ref('PUT', `/api/users/${seg(fromRef)}`, { password: 'ref-pw', tags: 'management,policymaker' })).status).toBe(201);
  expect((await ref('PUT', `/api/vhosts/${seg(vhost)}`)).status).toBe(201);
  expect((await ref('PUT', `/api/permissions/${seg(vhost)}/${seg(fromRef)}`, { configure: '^rt-', write: '.*', read: '.*' })).status).toBe(201);
  expect((await ref('PUT', `/api/topic-permissions/${seg(vhost)}/${seg(fromRef)}`, { exchange: 'amq.topic', write: '^a', read: '.*' })).status).toBe(201);
  expect((await ref('POST', `/api/definitions/${seg(vhost)}`, {
    queues: [
      { name: 'rt-orders', durable: true, auto_delete: false, arguments: { 'x-max-length': 100, 'x-overflow': 'reject-publish', 'x-dead-letter-exchange': 'rt-dlx', 'x-message-ttl': 60000 } },
      { name: 'rt-lazy', durable: true, auto_delete: false, arguments: { 'x-queue-mode': 'lazy', 'x-max-priority': 5 } },
      { name: 'rt-temp', durable: false, auto_delete: true, arguments: {} },
    ],
    exchanges: [
      { name: 'rt-dlx', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
      { name: 'rt-in', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'rt-dlx' } },
      { name: 'rt-hdr', type: 'headers', durable: false, auto_delete: false, internal: true, arguments: {} },
    ],
    bindings: [
      { source: 'rt-in', destination: 'rt-orders', destination_type: 'queue', routing_key: 'order.#', arguments: {} },
      { source: 'rt-in', destination: 'rt-hdr', destination_type: 'exchange', routing_key: 'h', arguments: {} },
      { source: 'rt-hdr', destination: 'rt-lazy', destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'all', format: 'pdf', pages: 2, ok: true } },
      { source: 'rt-dlx', destination: 'rt-orders', destination_type: 'queue', routing_key: '', arguments: {} },
    ],
  })).status).toBe(204);

  // 2. reference -> Warren
  const refDefs = (await ref('GET', '/api/definitions')).json as Defs;
  const refOurs = ours(refDefs);
  expect(refOurs.queues).toHaveLength(3);
  expect((await warren.call('POST', '/api/definitions', { body: refOurs })).status).toBe(204);
  const warrenOurs = ours((await warren.call('GET', '/api/definitions')).json);
  expect(warrenOurs).toEqual(refOurs);
  await amqpLogin(warren, fromRef, 'ref-pw');

  // 3. a user made on Warren, with Warren's hash
  expect((await warren.call('PUT', `/api/users/${seg(fromWarren)}`, { body: { password: 'warren-pw', tags: 'monitoring' } })).status).toBe(201);
  expect((await warren.call('PUT', `/api/permissions/${seg(vhost)}/${seg(fromWarren)}`, { body: { configure: '', write: '', read: '.*' } })).status).toBe(201);
  const back = ours((await warren.call('GET', '/api/definitions')).json);

  // 4. Warren -> a reference without them
  await cleanReference();
  expect(ours((await ref('GET', '/api/definitions')).json).queues).toEqual([]);
  expect((await ref('POST', '/api/definitions', back)).status).toBe(204);
  expect(ours((await ref('GET', '/api/definitions')).json)).toEqual(back);
  await amqpLogin(null, fromRef, 'ref-pw');
  await amqpLogin(null, fromWarren, 'warren-pw');
  expect((await httpCall(refBase, 'GET', '/api/whoami', { auth: [fromWarren, 'warren-pw'] })).json).toMatchObject({ name: fromWarren, tags: ['monitoring'] });
});
