// Vhost limits, user limits and runtime parameters over the management API, and what they do to
// AMQP clients: the refusals and their codes and texts are RabbitMQ's. Written against RabbitMQ
// 3.10.8 first (WARREN_TEST_MGMT_URL=http://guest:guest@127.0.0.1:15682), then Warren.
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { openRefusal, seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let V: string;
let user: string;
const password = 'limit-pw';
const open: ChannelModel[] = [];

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('lim');
  V = seg(vh);
  user = uniqueName('limuser');
  expect((await t.call('PUT', `/api/vhosts/${V}`)).status).toBe(201);
  expect((await t.call('PUT', `/api/users/${seg(user)}`, { body: { password, tags: '' } })).status).toBe(201);
  expect((await t.call('PUT', `/api/permissions/${V}/${seg(user)}`, { body: { configure: '.*', write: '.*', read: '.*' } })).status).toBe(201);
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await t.call('DELETE', `/api/vhosts/${V}`);
  await t.call('DELETE', `/api/users/${seg(user)}`);
  await t.stop();
});

const connect = async (): Promise<ChannelModel> => {
  const c = await amqp.connect(t.amqpUrl(vh, [user, password]));
  c.on('error', () => undefined);
  open.push(c);
  return c;
};
const closeAll = async (): Promise<void> => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
};

describe('vhost limits', () => {
  it('max-queues refuses the next queue with 406 and RabbitMQ\'s text, but not a redeclare', async () => {
    expect((await t.call('PUT', `/api/vhost-limits/${V}/max-queues`, { body: { value: 2 } })).status).toBe(204);
    expect((await t.call('GET', `/api/vhost-limits/${V}`)).json).toEqual([{ vhost: vh, value: { 'max-queues': 2 } }]);
    const c = await connect();
    const ch = await c.createChannel();
    ch.on('error', () => undefined);
    await ch.assertQueue('lim-0');
    await ch.assertQueue('lim-1');
    await ch.assertQueue('lim-0'); // an existing queue is no new queue
    const err = await ch.assertQueue('lim-2').then(() => null, (e: Error) => e);
    expect(err?.message).toContain(`PRECONDITION_FAILED - cannot declare queue 'lim-2': queue limit in vhost '${vh}' (2) is reached`);
    expect((await t.call('DELETE', `/api/vhost-limits/${V}/max-queues`)).status).toBe(204);
    const ch2 = await c.createChannel();
    await ch2.assertQueue('lim-2');
    await ch2.deleteQueue('lim-0'); await ch2.deleteQueue('lim-1'); await ch2.deleteQueue('lim-2');
    await closeAll();
  });

  it('max-connections refuses the next connection with 530', async () => {
    expect((await t.call('PUT', `/api/vhost-limits/${V}/max-connections`, { body: { value: 1 } })).status).toBe(204);
    await connect();
    expect(await openRefusal(t.amqpUrl(vh, [user, password]))).toContain(`NOT_ALLOWED - access to vhost '${vh}' refused for user '${user}': connection limit (1) is reached (530)`);
    await closeAll();
    expect((await t.call('PUT', `/api/vhost-limits/${V}/max-connections`, { body: { value: -1 } })).status).toBe(204);
    await connect(); await connect();
    await closeAll();
    expect((await t.call('DELETE', `/api/vhost-limits/${V}/max-connections`)).status).toBe(204);
    expect((await t.call('GET', `/api/vhost-limits/${V}`)).json).toEqual([]);
  });

  it('refuses bad limits with RabbitMQ\'s errors', async () => {
    const put = (name: string, body: unknown) => t.call('PUT', `/api/vhost-limits/${V}/${name}`, { body });
    expect((await put('max-queues', { value: 1.5 })).json).toEqual({ error: 'bad_request', reason: 'Validation failed\n\nmax-queues should be a number, actually was 1.5\n' });
    expect((await put('max-connections', { value: 'x' })).json).toEqual({ error: 'bad_request', reason: 'Validation failed\n\nmax-connections should be a number, actually was <<"x">>\n' });
    expect((await put('max-foo', { value: 1 })).json).toEqual({ error: 'bad_request', reason: 'Validation failed\n\nUnrecognised terms [{<<"max-foo">>,1}] in limits\n' });
    expect((await put('max-queues', { valu: 1 })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,value}]' });
    expect((await t.call('PUT', `/api/vhost-limits/${seg(uniqueName('novh'))}/max-queues`, { body: { value: 1 } })).status).toBe(404);
  });
});

describe('user limits', () => {
  it('max-connections and max-channels refuse with 530 and RabbitMQ\'s texts', async () => {
    const U = seg(user);
    expect((await t.call('PUT', `/api/user-limits/${U}/max-connections`, { body: { value: 1 } })).status).toBe(204);
    expect((await t.call('PUT', `/api/user-limits/${U}/max-channels`, { body: { value: 1 } })).status).toBe(204);
    expect((await t.call('GET', `/api/user-limits/${U}`)).json).toEqual([{ user, value: { 'max-connections': 1, 'max-channels': 1 } }]);
    expect((await t.call('GET', `/api/users/${U}`)).json.limits).toEqual({ 'max-connections': 1, 'max-channels': 1 });
    const c = await connect();
    expect(await openRefusal(t.amqpUrl(vh, [user, password]))).toContain(`NOT_ALLOWED - connection refused for user '${user}': user connection limit (1) is reached (530)`);
    await c.createChannel();
    const closed = new Promise<Error>((resolve) => c.once('error', resolve));
    await c.createChannel().catch(() => undefined);
    expect((await closed).message).toContain(`NOT_ALLOWED - number of channels opened for user '${user}' has reached the maximum allowed user limit of (1)`);
    open.splice(0);
    expect((await t.call('DELETE', `/api/user-limits/${U}/max-connections`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/user-limits/${U}/max-channels`)).status).toBe(204);
    expect((await t.call('GET', `/api/user-limits/${U}`)).json).toEqual([]);
    const again = await connect();
    await again.createChannel(); await again.createChannel();
    await closeAll();
  });

  it('refuses bad limits and unknown users', async () => {
    const U = seg(user);
    expect((await t.call('PUT', `/api/user-limits/${U}/max-channels`, { body: { value: 1.5 } })).json).toEqual({ error: 'bad_request', reason: 'max-channels should be a number, actually was 1.5' });
    expect((await t.call('PUT', `/api/user-limits/${U}/max-foo`, { body: { value: 1 } })).json).toEqual({ error: 'bad_request', reason: 'Unrecognised terms [{<<"max-foo">>,1}] in user-limits' });
    const nobody = uniqueName('nouser');
    expect((await t.call('PUT', `/api/user-limits/${seg(nobody)}/max-channels`, { body: { value: 1 } })).json).toEqual({ error: 'bad_request', reason: ['no_such_user', nobody] });
    expect((await t.call('GET', `/api/user-limits/${seg(nobody)}`)).status).toBe(404);
  });
});

describe('runtime parameters', () => {
  it('vhost-limits is a parameter too, and unknown components are refused', async () => {
    const p = `/api/parameters/vhost-limits/${V}/limits`;
    expect((await t.call('PUT', p, { body: { value: { 'max-queues': 3 } } })).status).toBeLessThan(300);
    expect((await t.call('GET', `/api/vhost-limits/${V}`)).json).toEqual([{ vhost: vh, value: { 'max-queues': 3 } }]);
    expect((await t.call('GET', p)).json).toEqual({ value: { 'max-queues': 3 }, vhost: vh, component: 'vhost-limits', name: 'limits' });
    expect((await t.call('GET', `/api/parameters/vhost-limits/${V}`)).json).toContainEqual({ value: { 'max-queues': 3 }, vhost: vh, component: 'vhost-limits', name: 'limits' });
    expect((await t.call('PUT', p, { body: { value: { 'max-queues': 'a' } } })).json)
      .toEqual({ error: 'bad_request', reason: 'Validation failed\n\nmax-queues should be a number, actually was &lt;&lt;"a"&gt;&gt;\n' });
    expect((await t.call('DELETE', p)).status).toBe(204);
    expect((await t.call('GET', `/api/vhost-limits/${V}`)).json).toEqual([]);
    expect((await t.call('PUT', `/api/parameters/no-such-component/${V}/x`, { body: { value: {} } })).json)
      .toEqual({ error: 'bad_request', reason: 'Validation failed\n\ncomponent no-such-component not found\n' });
  });

  it('global parameters are kept, read and deleted', async () => {
    const name = uniqueName('gp');
    expect((await t.call('PUT', `/api/global-parameters/${seg(name)}`, { body: { value: { a: 1 } } })).status).toBe(201);
    expect((await t.call('GET', `/api/global-parameters/${seg(name)}`)).json).toEqual({ value: { a: 1 }, name });
    expect((await t.call('GET', '/api/global-parameters')).json).toContainEqual({ name, value: { a: 1 } });
    expect((await t.call('PUT', `/api/global-parameters/${seg(name)}`, { body: {} })).json).toEqual({ error: 'bad_request', reason: '[{key_missing,value}]' });
    expect((await t.call('DELETE', `/api/global-parameters/${seg(name)}`)).status).toBe(204);
    expect((await t.call('GET', `/api/global-parameters/${seg(name)}`)).status).toBe(404);
  });
});

describe('limits in definitions', () => {
  it('export users\' limits and vhost-limits parameters, and import them back', async () => {
    const U = seg(user);
    expect((await t.call('PUT', `/api/user-limits/${U}/max-channels`, { body: { value: 7 } })).status).toBe(204);
    expect((await t.call('PUT', `/api/vhost-limits/${V}/max-queues`, { body: { value: 9 } })).status).toBe(204);
    const defs = (await t.call('GET', '/api/definitions')).json;
    expect(defs.users.find((u: { name: string }) => u.name === user).limits).toEqual({ 'max-channels': 7 });
    expect(defs.parameters).toContainEqual({ value: { 'max-queues': 9 }, vhost: vh, component: 'vhost-limits', name: 'limits' });
    await t.call('DELETE', `/api/user-limits/${U}/max-channels`);
    await t.call('DELETE', `/api/vhost-limits/${V}/max-queues`);
    const mine = { users: defs.users.filter((u: { name: string }) => u.name === user), parameters: defs.parameters.filter((p: { vhost: string }) => p.vhost === vh) };
    expect((await t.call('POST', '/api/definitions', { body: mine })).status).toBeLessThan(300);
    expect((await t.call('GET', `/api/user-limits/${U}`)).json).toEqual([{ user, value: { 'max-channels': 7 } }]);
    expect((await t.call('GET', `/api/vhost-limits/${V}`)).json).toEqual([{ vhost: vh, value: { 'max-queues': 9 } }]);
    await t.call('DELETE', `/api/user-limits/${U}/max-channels`);
    await t.call('DELETE', `/api/vhost-limits/${V}/max-queues`);
  });
});
