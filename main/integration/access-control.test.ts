// Permissions on every AMQP 0-9-1 operation, as RabbitMQ enforces them (which operation needs
// configure, write or read on which resource, in which order, with RabbitMQ's texts), topic
// permissions, and the refusals at login and connection.open. Written against RabbitMQ 3.10.8
// first: WARREN_TEST_MGMT_URL=http://guest:guest@127.0.0.1:15682 runs it there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channel, closeAll, connect, expectChannelError, type ChannelModel } from './amqp-util';
import { uniqueName } from './harness';
import { openRefusal, seg, startManagement, type ManagementTarget } from './management-support';

const ACCESS_REFUSED = 403;
const NOT_FOUND = 404;

let target: ManagementTarget;
const vhost = uniqueName('acl');
const user = uniqueName('acl-user');
let conn: ChannelModel;

/** A management API call that must succeed. */
async function api(method: string, path: string, body?: unknown): Promise<void> {
  const r = await target.call(method, path, body === undefined ? {} : { body });
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
}
const amqpUrl = (u: string, v: string, password = 'pw'): string => target.amqpUrl(v, [u, password]);
const refused = (kind: 'queue' | 'exchange', name: string): string =>
  `ACCESS_REFUSED - access to ${kind} '${name}' in vhost '${vhost}' refused for user '${user}'`;

beforeAll(async () => {
  target = await startManagement();
  await api('PUT', `/api/vhosts/${seg(vhost)}`, {});
  await api('PUT', `/api/users/${seg(user)}`, { password: 'pw', tags: '' });
  // configure anything, write only names starting with w, read only names starting with r
  await api('PUT', `/api/permissions/${seg(vhost)}/${seg(user)}`, { configure: '.*', write: '^w', read: '^r' });
  conn = await connect(amqpUrl(user, vhost));
  const ch = await channel(conn);
  await ch.assertExchange('r-src', 'fanout', { durable: false });
  await ch.assertExchange('w-dest', 'fanout', { durable: false });
  await ch.assertQueue('w-q', { durable: false });
  await ch.assertQueue('r-q', { durable: false });
  await ch.close();
});

afterAll(async () => {
  await closeAll();
  await target?.call('DELETE', `/api/vhosts/${seg(vhost)}`);
  await target?.call('DELETE', `/api/users/${seg(user)}`);
  await target?.stop();
});

describe('declaring and deleting', () => {
  it('queue.declare with a dead-letter exchange needs read on the queue, then write on the exchange', async () => {
    let e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.assertQueue('x-1', { deadLetterExchange: 'w-x' }));
    expect(e.message).toContain(refused('queue', 'x-1'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.assertQueue('r-1', { deadLetterExchange: 'other' }));
    expect(e.message).toContain(refused('exchange', 'other'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.assertQueue('r-3', { deadLetterExchange: '' }));
    expect(e.message).toContain(refused('exchange', 'amq.default'));
    const ch = await channel(conn);
    await expect(ch.assertQueue('r-2', { deadLetterExchange: 'w-x', durable: false })).resolves.toMatchObject({ queue: 'r-2' });
    await ch.close();
  });

  it('exchange.declare with an alternate exchange needs read on it, then write on the alternate', async () => {
    let e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.assertExchange('w-ae', 'fanout', { alternateExchange: 'w-x' }));
    expect(e.message).toContain(refused('exchange', 'w-ae'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.assertExchange('r-ae', 'fanout', { alternateExchange: 'other' }));
    expect(e.message).toContain(refused('exchange', 'other'));
    const ch = await channel(conn);
    await expect(ch.assertExchange('r-ae2', 'fanout', { alternateExchange: 'w-x', durable: false })).resolves.toBeDefined();
    await ch.close();
  });

  it('needs configure to declare or delete, checked before the resource is looked up; passive declares need none', async () => {
    const other = uniqueName('other');
    const restricted = uniqueName('restricted-user');
    await api('PUT', `/api/users/${seg(restricted)}`, { password: 'pw', tags: '' });
    await api('PUT', `/api/permissions/${seg(vhost)}/${seg(restricted)}`, { configure: '^cfg', write: '', read: '' });
    try {
      const c2 = await connect(amqpUrl(restricted, vhost));
      const text = (kind: 'queue' | 'exchange', name: string): string => `access to ${kind} '${name}' in vhost '${vhost}' refused for user '${restricted}'`;
      expect((await expectChannelError(c2, ACCESS_REFUSED, (ch) => ch.assertQueue(other))).message).toContain(text('queue', other));
      expect((await expectChannelError(c2, ACCESS_REFUSED, (ch) => ch.assertQueue(''))).message).toMatch(/access to queue 'amq\.gen-[^']+' in vhost/);
      expect((await expectChannelError(c2, ACCESS_REFUSED, (ch) => ch.assertExchange(other, 'direct'))).message).toContain(text('exchange', other));
      expect((await expectChannelError(c2, ACCESS_REFUSED, (ch) => ch.deleteQueue(other))).message).toContain(text('queue', other));
      expect((await expectChannelError(c2, ACCESS_REFUSED, (ch) => ch.deleteExchange(other))).message).toContain(text('exchange', other));
      // passive: no permission needed, so a missing queue is 404 and an existing one is reported
      await expectChannelError(c2, NOT_FOUND, (ch) => ch.checkQueue(other));
      const ch = await channel(c2);
      await expect(ch.checkQueue('w-q')).resolves.toMatchObject({ queue: 'w-q' });
      await expect(ch.assertQueue('cfg-q', { durable: false })).resolves.toMatchObject({ queue: 'cfg-q' });
      await expect(ch.deleteQueue('cfg-q')).resolves.toBeDefined();
      await c2.close();
    } finally {
      await api('DELETE', `/api/users/${seg(restricted)}`);
    }
  });
});

describe('binding', () => {
  it('queue.bind and queue.unbind need write on the queue, then read on the exchange', async () => {
    let e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.bindQueue('r-q', 'r-src', ''));
    expect(e.message).toContain(refused('queue', 'r-q'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.bindQueue('w-q', 'w-dest', ''));
    expect(e.message).toContain(refused('exchange', 'w-dest'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.unbindQueue('w-q', 'w-dest', ''));
    expect(e.message).toContain(refused('exchange', 'w-dest'));
    const ch = await channel(conn);
    await expect(ch.bindQueue('w-q', 'r-src', 'k')).resolves.toBeDefined();
    await expect(ch.unbindQueue('w-q', 'r-src', 'k')).resolves.toBeDefined();
    await ch.close();
  });

  it('exchange.bind needs write on the destination, then read on the source', async () => {
    const e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.bindExchange('r-src', 'r-src', ''));
    expect(e.message).toContain(refused('exchange', 'r-src'));
    const e2 = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.bindExchange('w-dest', 'w-dest', ''));
    expect(e2.message).toContain(refused('exchange', 'w-dest'));
    const ch = await channel(conn);
    await expect(ch.bindExchange('w-dest', 'r-src', '')).resolves.toBeDefined();
    await ch.close();
  });
});

describe('publishing and consuming', () => {
  it('basic.publish needs write on the exchange, checked before it is looked up (the default exchange is amq.default)', async () => {
    let e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.publish('r-src', 'k', Buffer.from('x')));
    expect(e.message).toContain(refused('exchange', 'r-src'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.publish('nope', 'k', Buffer.from('x')));
    expect(e.message).toContain(refused('exchange', 'nope'));
    e = await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.sendToQueue('w-q', Buffer.from('x')));
    expect(e.message).toContain(refused('exchange', 'amq.default'));
  });

  it('basic.get, basic.consume and queue.purge need read on the queue, checked before it is looked up', async () => {
    expect((await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.get('w-q'))).message).toContain(refused('queue', 'w-q'));
    expect((await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.consume('w-q', () => {}))).message).toContain(refused('queue', 'w-q'));
    expect((await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.purgeQueue('w-q'))).message).toContain(refused('queue', 'w-q'));
    expect((await expectChannelError(conn, ACCESS_REFUSED, (ch) => ch.get('w-missing'))).message).toContain(refused('queue', 'w-missing'));
    await expectChannelError(conn, NOT_FOUND, (ch) => ch.get('r-missing'));
    const ch = await channel(conn);
    await expect(ch.get('r-q')).resolves.toBe(false);
    await expect(ch.purgeQueue('r-q')).resolves.toBeDefined();
    await ch.close();
  });

  it('direct reply-to needs no read permission', async () => {
    const ch = await channel(conn);
    await expect(ch.consume('amq.rabbitmq.reply-to', () => {}, { noAck: true })).resolves.toMatchObject({ consumerTag: expect.any(String) });
    await ch.close();
  });
});

describe('topic permissions', () => {
  it('narrow publishing to a topic exchange by routing key and binding from it by binding key', async () => {
    const topicUser = uniqueName('topic-user');
    await api('PUT', `/api/users/${seg(topicUser)}`, { password: 'pw', tags: '' });
    await api('PUT', `/api/permissions/${seg(vhost)}/${seg(topicUser)}`, { configure: '.*', write: '.*', read: '.*' });
    await api('PUT', `/api/topic-permissions/${seg(vhost)}/${seg(topicUser)}`, { exchange: 'amq.topic', write: '^devices\\.{username}\\.', read: '^devices\\.' });
    try {
      const c = await connect(amqpUrl(topicUser, vhost));
      const ch = await channel(c);
      const q = (await ch.assertQueue('', { exclusive: true })).queue;
      await expect(ch.bindQueue(q, 'amq.topic', 'devices.#')).resolves.toBeDefined();
      ch.publish('amq.topic', `devices.${topicUser}.temp`, Buffer.from('ok'));
      const got = await new Promise((resolve) => { void ch.consume(q, (m) => resolve(m?.content.toString()), { noAck: true }); });
      expect(got).toBe('ok');
      const e = await expectChannelError(c, ACCESS_REFUSED, (x) => x.publish('amq.topic', 'devices.someone-else.temp', Buffer.from('no')));
      expect(e.message).toContain(`access to topic 'devices.someone-else.temp' in exchange 'amq.topic' in vhost '${vhost}' refused for user '${topicUser}'`);
      const e2 = await expectChannelError(c, ACCESS_REFUSED, (x) => x.bindQueue(q, 'amq.topic', 'other.#'));
      expect(e2.message).toContain(`access to topic 'other.#' in exchange 'amq.topic' in vhost '${vhost}' refused for user '${topicUser}'`);
      await c.close();
    } finally {
      await api('DELETE', `/api/users/${seg(topicUser)}`);
    }
  });
});

describe('connection.open', () => {
  it('refuses a vhost the user has no permissions on, and one that does not exist, with 530', async () => {
    expect(await openRefusal(amqpUrl(user, '/'))).toContain(`NOT_ALLOWED - access to vhost '/' refused for user '${user}' (530)`);
    expect(await openRefusal(amqpUrl(user, 'no-such-vhost'))).toContain('NOT_ALLOWED - vhost no-such-vhost not found (530)');
  });

  it("refuses a wrong password with 403 and RabbitMQ's text", async () => {
    expect(await openRefusal(amqpUrl(user, vhost, 'wrong'))).toContain('ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile. (403)');
  });
});
