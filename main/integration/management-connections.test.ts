// Connections, channels and consumers over the management HTTP API: RabbitMQ's names and fields,
// who sees which connection, and DELETE closing a connection with 320 CONNECTION_FORCED.
// WARREN_TEST_MGMT_URL runs it against the reference RabbitMQ (whose statistics lag by seconds,
// hence the polls).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, until } from '../test-support/wait';
import { closeAll, connect } from './amqp-util';
import { uniqueName } from './harness';
import { connectionName as nameOf, seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let V: string;
const mgmtUser = uniqueName('conn-mgmt');
const LAG = { ms: 20000, stepMs: 100 };

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('conns');
  V = seg(vh);
  expect((await t.call('PUT', `/api/vhosts/${V}`)).status).toBe(201);
  expect((await t.call('PUT', `/api/users/${seg(mgmtUser)}`, { body: { password: 'pw', tags: 'management' } })).status).toBe(201);
  expect((await t.call('PUT', `/api/permissions/${V}/${seg(mgmtUser)}`, { body: { configure: '.*', write: '.*', read: '.*' } })).status).toBe(201);
});
afterAll(async () => {
  await closeAll();
  await t.call('DELETE', `/api/vhosts/${V}`);
  await t.call('DELETE', `/api/users/${seg(mgmtUser)}`);
  await t.stop();
});

/** GET until the row named `name` shows up in a list (with `ready` true of it). */
function listed(path: string, name: string, ready: (r: any) => boolean = () => true): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return until(async () => ((await t.call('GET', path)).json as any[]).find((r) => r.name === name && ready(r)), { what: `${name} in ${path}`, ...LAG }); // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('connections', () => {
  it('lists a connection with RabbitMQ\'s fields, shows it by name and by vhost', async () => {
    const c = await connect(t.amqpUrl(vh), { clientProperties: { connection_name: 'orders' } });
    await c.createChannel();
    const name = nameOf(c);
    const row = await listed('/api/connections', name, (r) => r.channels === 1);
    const [peerHost, peerPort] = name.split(' -> ')[0].split(/:(?=\d+$)/);
    expect(row).toMatchObject({
      name, vhost: vh, user: t.admin[0], protocol: 'AMQP 0-9-1', state: 'running', type: 'network', channels: 1,
      peer_host: peerHost, peer_port: Number(peerPort), host: '127.0.0.1', auth_mechanism: 'PLAIN', frame_max: 131072, channel_max: 2047, timeout: 60, ssl: false,
      client_properties: { connection_name: 'orders', product: 'amqplib' },
    });
    expect(typeof row.connected_at).toBe('number');
    expect((await t.call('GET', `/api/connections/${seg(name)}`)).json).toMatchObject({ name, vhost: vh, channels: 1 });
    expect(((await t.call('GET', `/api/vhosts/${V}/connections`)).json as any[]).map((r) => r.name)).toEqual([name]); // eslint-disable-line @typescript-eslint/no-explicit-any
    const page = (await t.call('GET', `/api/connections?page=1&page_size=500&name=${seg(name)}&columns=name,vhost`)).json;
    expect(page).toMatchObject({ filtered_count: 1, items: [{ name, vhost: vh }] });
    await c.close();
  });

  it('counts the bytes both ways (recv_oct, send_oct) and the confirms a channel still owes', async () => {
    const c = await connect(t.amqpUrl(vh));
    const ch = await c.createConfirmChannel();
    await ch.assertQueue('', { exclusive: true }).then((q) => new Promise<void>((resolve, reject) => ch.sendToQueue(q.queue, Buffer.alloc(5000), {}, (err) => (err ? reject(err) : resolve()))));
    const row = await listed('/api/connections', nameOf(c), (r) => r.recv_oct > 5000 && r.send_oct > 0);
    for (const k of ['recv_cnt', 'send_cnt']) expect(row[k], k).toBeGreaterThan(0);
    const chan = await listed('/api/channels', `${nameOf(c)} (1)`, (r) => r.confirm === true);
    expect(chan.messages_unconfirmed).toBe(0);
    await c.close();
  });

  it.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('shows a publisher held by a resource alarm as blocked, and one that has not published as blocking', async () => {
    const publisher = await connect(t.amqpUrl(vh));
    const idle = await connect(t.amqpUrl(vh));
    const pch = await publisher.createChannel();
    await idle.createChannel();
    pch.sendToQueue('amq.rabbitmq.reply-to-none', Buffer.from('x'));
    await listed('/api/connections', nameOf(publisher), (r) => r.recv_oct > 0);
    const alarms = t.warren!.broker.alarms;
    alarms.set('memory', true, 'test alarm');
    try {
      await listed('/api/connections', nameOf(publisher), (r) => r.state === 'blocked');
      expect((await t.call('GET', `/api/connections/${seg(nameOf(idle))}`)).json.state).toBe('blocking');
    } finally {
      alarms.set('memory', false, '');
    }
    await listed('/api/connections', nameOf(publisher), (r) => r.state === 'running');
    await publisher.close(); await idle.close();
  });

  it('answers 404 for an unknown connection or vhost', async () => {
    expect((await t.call('GET', `/api/connections/${seg('1.2.3.4:5 -> 6.7.8.9:10')}`)).json).toEqual({ error: 'Object Not Found', reason: 'Not Found' });
    expect((await t.call('DELETE', `/api/connections/${seg('1.2.3.4:5 -> 6.7.8.9:10')}`)).status).toBe(404);
    expect((await t.call('GET', `/api/vhosts/${seg(uniqueName('none'))}/connections`)).status).toBe(404);
  });

  it('closes a connection with 320 CONNECTION_FORCED and the X-Reason text, or RabbitMQ\'s default', async () => {
    for (const [headers, text] of [[{ 'X-Reason': 'maintenance window' }, 'maintenance window'], [{}, 'Closed via management plugin']] as const) {
      const c = await connect(t.amqpUrl(vh));
      const closed = new Promise<Error>((resolve) => c.on('close', resolve));
      const name = nameOf(c);
      await listed('/api/connections', name);
      expect((await t.call('DELETE', `/api/connections/${seg(name)}`, { headers })).status).toBe(204);
      const err = await closed as Error & { code?: number };
      expect(err.code).toBe(320);
      expect(err.message).toContain(`CONNECTION_FORCED - ${text}`);
    }
  });

  it('shows a management user only its own connections; monitoring users see all', async () => {
    const mine = await connect(t.amqpUrl(vh, [mgmtUser, 'pw']));
    const admins = await connect(t.amqpUrl(vh));
    await admins.createChannel();
    await listed('/api/connections', nameOf(admins), (r) => r.channels === 1);
    await listed('/api/connections', nameOf(mine));
    const as = { auth: [mgmtUser, 'pw'] as [string, string] };
    const seen = ((await t.call('GET', '/api/connections', as)).json as any[]).map((r) => r.name); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(seen).toEqual([nameOf(mine)]);
    expect(((await t.call('GET', `/api/vhosts/${V}/connections`, as)).json as any[]).map((r) => r.name)).toEqual([nameOf(mine)]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await t.call('GET', `/api/connections/${seg(nameOf(admins))}`, as)).json).toEqual({ error: 'not_authorised', reason: 'User not authorised to access object' });
    expect((await t.call('DELETE', `/api/connections/${seg(nameOf(admins))}`, as)).status).toBe(401);
    expect((await t.call('GET', `/api/connections/${seg(nameOf(admins))}/channels`, as)).status).toBe(401);
    expect((await t.call('GET', '/api/channels', as)).json).toEqual([]);
    expect((await t.call('GET', `/api/connections/${seg(nameOf(mine))}`, as)).json).toMatchObject({ user: mgmtUser });
    await mine.close();
    await admins.close();
  });
});

describe('channels and consumers', () => {
  it('lists channels as "<connection> (n)" with their settings, by connection, vhost and name', async () => {
    const c = await connect(t.amqpUrl(vh));
    const ch = await c.createChannel();
    await ch.prefetch(5);
    const q = await ch.assertQueue('', { exclusive: true });
    await ch.consume(q.queue, () => undefined, { consumerTag: 'ctag-1', arguments: { 'x-priority': 3 } });
    await c.createConfirmChannel();
    const conn = nameOf(c);
    const first = await listed('/api/channels', `${conn} (1)`, (r) => r.consumer_count === 1);
    expect(first).toMatchObject({
      name: `${conn} (1)`, number: 1, vhost: vh, user: t.admin[0], state: 'running', confirm: false, transactional: false,
      prefetch_count: 5, global_prefetch_count: 0, consumer_count: 1, messages_unacknowledged: 0,
      connection_details: { name: conn, peer_host: '127.0.0.1' },
    });
    await listed('/api/channels', `${conn} (2)`);
    const byConn = (await t.call('GET', `/api/connections/${seg(conn)}/channels`)).json as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(byConn.map((r) => [r.name, r.confirm])).toEqual([[`${conn} (1)`, false], [`${conn} (2)`, true]]);
    expect(((await t.call('GET', `/api/vhosts/${V}/channels`)).json as any[]).map((r) => r.name)).toEqual([`${conn} (1)`, `${conn} (2)`]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await t.call('GET', `/api/channels/${seg(`${conn} (2)`)}`)).json).toMatchObject({ number: 2, confirm: true });
    expect((await t.call('GET', `/api/channels/${seg(`${conn} (9)`)}`)).status).toBe(404);

    const consumers = await pollUntil(async () => (await t.call('GET', `/api/consumers/${V}`)).json as any[], (l) => l.length === 1, { what: 'the consumer', ...LAG }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(consumers[0]).toMatchObject({
      consumer_tag: 'ctag-1', queue: { name: q.queue, vhost: vh }, ack_required: true, exclusive: false, prefetch_count: 5,
      arguments: { 'x-priority': 3 }, active: true, activity_status: 'up',
      channel_details: { name: `${conn} (1)`, number: 1, connection_name: conn, peer_host: '127.0.0.1', user: t.admin[0] },
    });
    expect(((await t.call('GET', '/api/consumers')).json as any[]).filter((r) => r.queue.vhost === vh)).toHaveLength(1); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await t.call('GET', `/api/consumers/${seg(uniqueName('none'))}`)).status).toBe(404);
    await c.close();
  });
});

describe('nodes', () => {
  it('shows the one node with its memory and disk readings and alarms, to monitoring users', async () => {
    const list = (await t.call('GET', '/api/nodes')).json as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(list).toHaveLength(1);
    const n = list[0];
    expect(n).toMatchObject({ running: true, mem_alarm: false, disk_free_alarm: false, type: 'disc' });
    for (const k of ['mem_used', 'mem_limit', 'uptime', 'fd_used', 'fd_total', 'sockets_used', 'sockets_total']) expect(typeof n[k]).toBe('number');
    expect(n.mem_limit).toBeGreaterThan(0);
    expect(n.enabled_plugins).toContain('rabbitmq_management');
    expect((await t.call('GET', `/api/nodes/${seg(n.name)}`)).json).toMatchObject({ name: n.name, running: true });
    expect((await t.call('GET', '/api/nodes', { auth: [mgmtUser, 'pw'] })).json).toEqual({ error: 'not_authorised', reason: 'Not monitor user' });
  });
});
