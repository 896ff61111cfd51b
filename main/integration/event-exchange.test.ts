// amq.rabbitmq.event (rabbitmq_event_exchange, built into Warren) driven as applications use it:
// amqplib binds a queue to it and reads each event's routing key and headers while changes are
// made over AMQP and the management API. Header names and values are the ones RabbitMQ 3.10's
// plugin publishes (event-exchange-compare.test.ts checks them against a real one).
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { runScenario, watchEvents, type EventWatch, type ScenarioNames, type SeenEvent } from './event-exchange-support';
import { seg, startManagement, type ManagementTarget } from './management-support';
import { events, startPython } from './pika-support';
import { until } from '../test-support/wait';

let t: ManagementTarget;
beforeAll(async () => { t = await startManagement(); });
afterAll(async () => { await t?.stop(); });

const publishedIn = async (): Promise<number> => {
  const x = (await t.call('GET', '/api/exchanges/%2F/amq.rabbitmq.event')).json;
  return (x.message_stats?.publish_in as number | undefined) ?? 0;
};

// First in the file: nothing has been bound to the exchange yet.
describe('unbound', () => {
  it('publishes nothing while nothing is bound to it', async () => {
    const conn = await amqp.connect(t.amqpUrl());
    const ch = await conn.createChannel();
    const q = uniqueName('quiet');
    await ch.assertQueue(q);
    await ch.deleteQueue(q);
    await t.call('PUT', `/api/users/${seg(q)}`, { body: { password: 'x', tags: '' } });
    await t.call('DELETE', `/api/users/${seg(q)}`);
    await conn.close();
    expect(await publishedIn()).toBe(0);

    // bound, the same changes are published (and counted)
    const w = await watchEvents(t, ['queue.*']);
    const conn2 = await amqp.connect(t.amqpUrl());
    const ch2 = await conn2.createChannel();
    await ch2.assertQueue(q);
    await w.waitFor('queue.created', (h) => h.name === q);
    expect(await publishedIn()).toBeGreaterThan(0);
    await ch2.deleteQueue(q);
    await conn2.close();
    await w.close();
  });
});

describe('amq.rabbitmq.event', () => {
  it('is a durable internal topic exchange in the default vhost only, as the plugin declares it', async () => {
    const x = (await t.call('GET', '/api/exchanges/%2F/amq.rabbitmq.event')).json;
    expect(x).toMatchObject({ name: 'amq.rabbitmq.event', vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: true });
    const v = uniqueName('other');
    await t.call('PUT', `/api/vhosts/${seg(v)}`, { body: {} });
    expect((await t.call('GET', `/api/exchanges/${seg(v)}/amq.rabbitmq.event`)).status).toBe(404);
    await t.call('DELETE', `/api/vhosts/${seg(v)}`);
  });

  it('refuses a client publishing to it (internal) and deleting it (amq.*)', async () => {
    const conn = await amqp.connect(t.amqpUrl());
    const ch = await conn.createChannel();
    const closed = new Promise<Error>((r) => ch.once('error', r));
    ch.publish('amq.rabbitmq.event', 'queue.created', Buffer.from('forged'));
    expect((await closed).message).toMatch(/403/);
    const ch2 = await conn.createChannel();
    ch2.on('error', () => undefined); // the rejection below is what is checked
    await expect(ch2.deleteExchange('amq.rabbitmq.event')).rejects.toThrow(/403/);
    await conn.close();
  });
});

describe('events, all bound with #', () => {
  let w: EventWatch;
  let n: ScenarioNames;
  beforeAll(async () => {
    w = await watchEvents(t, ['#']);
    n = await runScenario(t);
    await w.waitFor('user.deleted', (h) => h.name === n.user);
  });
  afterAll(async () => { await w?.close(); });

  const ev = (key: string, match: (h: Record<string, unknown>) => boolean = () => true): SeenEvent => {
    const e = w.seen.find((s) => s.key === key && match(s.headers));
    if (!e) throw new Error(`no ${key} among ${w.seen.map((s) => s.key).join(', ')}`);
    return e;
  };
  const named = (name: string) => (h: Record<string, unknown>) => h.name === name;

  it('each is a persistent empty message with the time in seconds and in ms', () => {
    expect(w.seen.length).toBeGreaterThan(20);
    for (const e of w.seen) {
      expect(e).toMatchObject({ exchange: 'amq.rabbitmq.event', deliveryMode: 2, bodyLength: 0 });
      expect(e.timestamp).toBe(Math.floor(Number(e.headers.timestamp_in_ms) / 1000));
      expect(Math.abs(Number(e.headers.timestamp_in_ms) - Date.now())).toBeLessThan(120_000);
    }
  });

  it('exchanges, queues and bindings: created and deleted, with their arguments as RabbitMQ prints them', () => {
    expect(ev('exchange.created', named(n.exchange)).headers).toEqual(expect.objectContaining({
      vhost: '/', type: 'topic', durable: false, auto_delete: false, internal: false, policy: '',
      arguments: ['{<<"a">>,longstr,<<"b">>}'], user_who_performed_action: 'guest',
    }));
    expect(ev('queue.created', named(n.queue)).headers).toEqual(expect.objectContaining({
      vhost: '/', durable: true, auto_delete: false, exclusive: false, owner_pid: '',
      arguments: ['{<<"x-max-length">>,byte,5}'], user_who_performed_action: 'guest',
    }));
    const binding = { vhost: '/', source_name: n.exchange, source_kind: 'exchange', destination_name: n.queue, destination_kind: 'queue', routing_key: 'k.*', arguments: ['{<<"h">>,longstr,<<"v">>}'], user_who_performed_action: 'guest' };
    expect(ev('binding.created', (h) => h.source_name === n.exchange).headers).toEqual(expect.objectContaining(binding));
    expect(ev('binding.deleted', (h) => h.source_name === n.exchange).headers).toEqual(expect.objectContaining(binding));
    expect(ev('queue.deleted', named(n.queue)).headers).toEqual(expect.objectContaining({ vhost: '/', user_who_performed_action: 'guest' }));
    expect(ev('exchange.deleted', named(n.exchange)).headers).toEqual(expect.objectContaining({ vhost: '/', user_who_performed_action: 'guest' }));
    // in RabbitMQ's order
    const keys = w.seen.filter((e) => [e.headers.name, e.headers.source_name, e.headers.queue].some((v) => v === n.exchange || v === n.queue)).map((e) => e.key);
    expect(keys).toEqual(['exchange.created', 'queue.created', 'binding.created', 'consumer.created', 'consumer.deleted', 'binding.deleted', 'queue.deleted', 'exchange.deleted']);
  });

  it('consumers, channels and connections, their processes named the same way in each', () => {
    const conn = ev('connection.created', (h) => h.user_provided_name === 'event-scenario').headers;
    expect(conn).toEqual(expect.objectContaining({ user: 'guest', vhost: '/', protocol: '{0,9,1}', auth_mechanism: 'PLAIN', type: 'network', ssl: false, peer_host: '{127,0,0,1}', host: '{127,0,0,1}', user_who_performed_action: 'guest' }));
    expect(conn.client_properties).toContain('{<<"connection_name">>,longstr,<<"event-scenario">>}');
    expect(conn.name).toMatch(/^127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+$/);
    expect(typeof conn.frame_max).toBe('number');
    const channel = ev('channel.created', (h) => h.connection === conn.pid).headers;
    expect(channel).toEqual(expect.objectContaining({ number: 1, user: 'guest', vhost: '/', name: `${conn.name} (1)` }));
    const consumer = ev('consumer.created', (h) => h.consumer_tag === n.tag).headers;
    expect(consumer).toEqual(expect.objectContaining({ queue: n.queue, vhost: '/', channel: channel.pid, ack_required: true, exclusive: false, prefetch_count: 0 }));
    expect(consumer.arguments).toHaveLength(1);
    expect(ev('consumer.deleted', (h) => h.consumer_tag === n.tag).headers).toEqual(expect.objectContaining({ queue: n.queue, vhost: '/' }));
    expect(ev('channel.closed', (h) => h.pid === channel.pid).headers.user_who_performed_action).toBe('guest');
    expect(ev('connection.closed', (h) => h.pid === conn.pid).headers).toEqual(expect.objectContaining({ name: conn.name, user_provided_name: 'event-scenario' }));
  });

  it('users, logins and permissions, naming who made each change', () => {
    const by = { user_who_performed_action: 'guest' };
    expect(ev('user.created', named(n.user)).headers).toEqual(expect.objectContaining(by));
    expect(w.seen.filter((e) => e.key === 'user.tags.set' && e.headers.name === n.user).map((e) => e.headers.tags)).toEqual([['monitoring'], ['management']]);
    expect(ev('user.password.changed', named(n.user)).headers).toEqual(expect.objectContaining(by));
    expect(ev('permission.created', (h) => h.user === n.user).headers).toEqual(expect.objectContaining({ vhost: n.vhost, configure: '.*', write: '.*', read: '', ...by }));
    expect(ev('permission.created', (h) => h.user === 'guest' && h.vhost === n.vhost).headers.configure).toBe('.*'); // the vhost's creator
    expect(ev('permission.deleted', (h) => h.user === n.user).headers).toEqual(expect.objectContaining({ vhost: n.vhost, ...by }));
    const refused = ev('user.authentication.failure', named(n.user)).headers;
    expect(refused).toEqual(expect.objectContaining({ auth_mechanism: 'PLAIN', protocol: '{0,9,1}', ssl: false, peer_host: '{127,0,0,1}', connection_type: 'network' }));
    expect(String.fromCharCode(...(refused.error as number[]))).toBe(`user '${n.user}' - invalid credentials`);
    expect(ev('user.authentication.success', named('guest')).headers.auth_mechanism).toBe('PLAIN');
    expect(ev('user.deleted', named(n.user)).headers).toEqual(expect.objectContaining(by));
  });

  it('vhosts, policies and parameters', () => {
    expect(ev('vhost.created', named(n.vhost)).headers).toEqual(expect.objectContaining({ tracing: false, description: '', tags: [], user_who_performed_action: 'guest' }));
    expect(ev('policy.set', named(n.policy)).headers).toEqual(expect.objectContaining({ vhost: '/', pattern: '^ev-nothing', 'apply-to': 'queues', priority: 1, definition: { 'max-length': 3 } }));
    expect(ev('policy.cleared', named(n.policy)).headers.vhost).toBe('/');
    expect(ev('parameter.set', (h) => h.vhost === n.vhost).headers).toEqual(expect.objectContaining({ component: 'vhost-limits', name: 'limits', value: { 'max-connections': 10 } }));
    expect(ev('vhost.limits.set').headers).toEqual(expect.objectContaining({ name: 'limits', 'max-connections': 10 }));
    expect(ev('vhost.limits.set', (h) => h['max-queues'] === 4).headers.name).toBe('limits');
    expect(ev('parameter.cleared', (h) => h.vhost === n.vhost).headers.component).toBe('vhost-limits');
    expect(ev('vhost.limits.cleared').headers.name).toBe('limits');
    expect(ev('vhost.deleted', named(n.vhost)).headers.user_who_performed_action).toBe('guest');
    // its creator's permissions go with it, reported as RabbitMQ does
    expect(ev('permission.deleted', (h) => h.user === 'guest' && h.vhost === n.vhost).headers.user_who_performed_action).toBe('guest');
  });
});

describe('events bound by key', () => {
  it('a queue bound with queue.* and user.# gets only those', async () => {
    const w = await watchEvents(t, ['queue.*', 'user.#']);
    const n = await runScenario(t);
    await w.waitFor('user.deleted', (h) => h.name === n.user);
    const keys = new Set(w.seen.map((e) => e.key));
    expect([...keys].sort()).toEqual(['queue.created', 'queue.deleted', 'user.authentication.failure', 'user.authentication.success', 'user.created', 'user.deleted', 'user.password.changed', 'user.tags.set']);
    await w.close();
  });

  it('stops when its last binding goes, and starts again with the next', async () => {
    const w = await watchEvents(t, ['queue.created']);
    await w.ch.unbindQueue(w.queue, 'amq.rabbitmq.event', 'queue.created');
    const q = uniqueName('after-unbind');
    await w.ch.assertQueue(q, { exclusive: true });
    await w.ch.bindQueue(w.queue, 'amq.rabbitmq.event', 'queue.deleted');
    await w.ch.deleteQueue(q);
    await w.waitFor('queue.deleted', (h) => h.name === q);
    expect(w.seen.some((e) => e.key === 'queue.created' && e.headers.name === q)).toBe(false);
    await w.close();
  });
});

describe('a connection closed with its channels open', () => {
  it('reports each channel closed, then the connection', async () => {
    const w = await watchEvents(t, ['channel.*', 'connection.*']);
    const conn = await amqp.connect(t.amqpUrl(), { clientProperties: { connection_name: 'left-open' } });
    await conn.createChannel();
    await conn.createChannel();
    const opened = await w.waitFor('connection.created', (h) => h.user_provided_name === 'left-open');
    await conn.close();
    await w.waitFor('connection.closed', (h) => h.pid === opened.headers.pid);
    const pid = String(opened.headers.pid);
    const ofChannel = `${pid.slice(0, -1)}.`; // <node.amqp-5> -> its channels' <node.amqp-5.1>
    const mine = w.seen.filter((e) => e.headers.pid === pid || String(e.headers.pid).startsWith(ofChannel));
    expect(mine.map((e) => e.key)).toEqual(['connection.created', 'channel.created', 'channel.created', 'channel.closed', 'channel.closed', 'connection.closed']);
    expect(mine[3].headers.user_who_performed_action).toBe('guest');
    await w.close();
  });
});

describe('events made in the window', () => {
  it('a queue declared in another vhost is reported on "/"', async () => {
    const v = uniqueName('elsewhere');
    await t.call('PUT', `/api/vhosts/${seg(v)}`, { body: {} });
    const w = await watchEvents(t, ['queue.created']);
    await t.call('PUT', `/api/queues/${seg(v)}/q1`, { body: { durable: false } });
    expect((await w.waitFor('queue.created', (h) => h.vhost === v)).headers.name).toBe('q1');
    await w.close();
    await t.call('DELETE', `/api/vhosts/${seg(v)}`);
    await until(async () => (await t.call('GET', `/api/vhosts/${seg(v)}`)).status === 404);
  });
});

describe('pika', () => {
  it('a pika consumer bound with queue.# and user.created gets those events, headers decoded', async () => {
    const stop = uniqueName('pika-stop');
    const user = uniqueName('pika-user');
    const script = startPython('pika_event_exchange.py', [t.amqpUrl(), stop, 'queue.#', 'user.created'], 30_000);
    await script.waitForLine(/"ready"/);
    await t.call('PUT', `/api/users/${seg(user)}`, { body: { password: 'x', tags: 'monitoring' } });
    const conn = await amqp.connect(t.amqpUrl());
    const ch = await conn.createChannel();
    await ch.assertExchange(uniqueName('not-watched'), 'fanout', { autoDelete: true });
    await ch.assertQueue(stop, { durable: false, arguments: { 'x-message-ttl': 1000 } });
    await ch.deleteQueue(stop);
    await conn.close();
    const seen = events(await script.done, 'pika_event_exchange.py').filter((e) => e.event === 'event') as Array<{ key: string; headers: Record<string, unknown>; exchange: string; delivery_mode: number; timestamp: number; body: number }>;
    await t.call('DELETE', `/api/users/${seg(user)}`);
    const mine = seen.filter((e) => e.headers.name === stop || e.headers.name === user);
    expect(mine.map((e) => e.key)).toEqual(['user.created', 'queue.created', 'queue.deleted']);
    expect(seen.every((e) => e.key.startsWith('queue.') || e.key === 'user.created')).toBe(true);
    expect(mine[1].headers).toEqual(expect.objectContaining({
      name: stop, vhost: '/', durable: false, auto_delete: false, exclusive: false, owner_pid: '',
      arguments: ['{<<"x-message-ttl">>,short,1000}'], user_who_performed_action: 'guest',
    }));
    expect(mine[0].headers).toEqual(expect.objectContaining({ name: user, user_who_performed_action: 'guest' }));
    for (const e of mine) {
      expect(e).toMatchObject({ exchange: 'amq.rabbitmq.event', delivery_mode: 2, body: 0 });
      expect(e.timestamp).toBe(Math.floor(Number(e.headers.timestamp_in_ms) / 1000));
    }
  });
});
