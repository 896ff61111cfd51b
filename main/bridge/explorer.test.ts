// The explorer commands against a real broker (in process) driven by a real client (amqplib):
// routing-key debugger, connections, message browser, publish form and message trace.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Res, Result } from '../../shared/ipc/contract';
import type { TraceStep } from '../../shared/model/trace';
import { createLogger } from '../server/log';
import { startWarren, type RunningWarren } from '../server/warren';
import type { EventSink } from './sampler';
import { until } from '../test-support/wait';

let warren: RunningWarren;
let conn: ChannelModel;
let ch: Channel;
let unwatch: () => void;
const events: Array<{ name: string; payload: unknown }> = [];

beforeAll(async () => {
  warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: null, ui: null });
  conn = await amqp.connect(`amqp://guest:guest@127.0.0.1:${warren.amqp.port}`, { clientProperties: { connection_name: 'explorer-test' } });
  ch = await conn.createChannel();
  // a UI watching: this is what switches tracing on
  const sink: EventSink = { send: (name, payload) => { events.push({ name, payload }); } };
  unwatch = warren.bridge.sampler.watch('/', sink);
});
afterAll(async () => {
  unwatch?.();
  await conn?.close().catch(() => {});
  await warren?.stop();
});

async function call<K extends Parameters<RunningWarren['bridge']['dispatch']>[0] & string>(name: K, req: unknown): Promise<K extends keyof import('../../shared/ipc/contract').Commands ? Res<K> : never> {
  const r = await warren.bridge.dispatch(name, req) as Result<never>;
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('routing-key debugger', () => {
  it('explains topic, headers and exchange-to-exchange routes, typed header values included', async () => {
    await ch.assertExchange('t', 'topic');
    await ch.assertExchange('h', 'headers');
    await ch.assertExchange('fan', 'fanout');
    for (const q of ['t.eu', 't.all', 'h.pdf', 'fan.q']) await ch.assertQueue(q);
    await ch.bindQueue('t.eu', 't', '*.eu');
    await ch.bindQueue('t.all', 't', 'order.#');
    await ch.bindExchange('fan', 't', 'order.*');
    await ch.bindQueue('fan.q', 'fan', '');
    await ch.bindQueue('h.pdf', 'h', '', { 'x-match': 'all', format: 'pdf', pages: 3 });
    const t = await call('explainRoute', { vhost: '/', exchange: 't', routingKey: 'order.eu' });
    expect(t.queues).toEqual(['fan.q', 't.all', 't.eu']);
    expect(t.visits.map((v) => [v.exchange, v.via])).toEqual([['t', 'published'], ['fan', 'exchange-binding']]);
    const h = await call('explainRoute', { vhost: '/', exchange: 'h', routingKey: '', headers: [{ name: 'format', value: { type: 'string', value: 'pdf' } }, { name: 'pages', value: { type: 'int', value: 3 } }] });
    expect(h.queues).toEqual(['h.pdf']);
    const miss = await call('explainRoute', { vhost: '/', exchange: 'h', routingKey: '', headers: [{ name: 'format', value: { type: 'string', value: 'pdf' } }], mandatory: true });
    expect(miss).toMatchObject({ queues: [], outcome: 'returned' });
    expect(miss.visits[0].bindings[0].matched).toBe(false);
    expect(await warren.bridge.dispatch('explainRoute', { vhost: '/', exchange: 'nope', routingKey: 'a' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', replyCode: 404 } });
    expect(await warren.bridge.dispatch('explainRoute', { vhost: '/', exchange: 't', routingKey: 'a', headers: [{ name: 'x', value: { type: 'int', value: 1.5 } }] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('connections view', () => {
  it('lists connections with client properties, channels, prefetch, unacked and consumers', async () => {
    const c2 = await conn.createChannel();
    await c2.prefetch(7);
    await c2.assertQueue('conn.q');
    ch.sendToQueue('conn.q', Buffer.from('x'));
    await c2.consume('conn.q', () => {}, { consumerTag: 'ctag-1' });
    const list = await until(async () => {
      const l = await call('listConnections', { vhost: '/' });
      return l.find((c) => c.details.channels.some((x) => x.unacked === 1)) ? l : null;
    });
    const me = list.find((c) => c.clientProperties.connection_name === 'explorer-test')!;
    const chan = me.details.channels.find((x) => x.consumers.some((k) => k.tag === 'ctag-1'))!;
    expect(chan).toMatchObject({ prefetch: 7, unacked: 1 });
    expect(me.address).toMatch(/127\.0\.0\.1/);
    await c2.close();
  });
});

describe('message browser', () => {
  it('lists ready and unacked messages without consuming them or setting redelivered', async () => {
    await ch.assertQueue('browse.q');
    await ch.purgeQueue('browse.q');
    for (let i = 0; i < 5; i++) ch.sendToQueue('browse.q', Buffer.from(JSON.stringify({ n: i })), { headers: { n: i }, correlationId: `c${i}`, contentType: 'application/json' });
    ch.sendToQueue('browse.q', Buffer.from([0, 1, 2, 255]));
    const c2 = await conn.createChannel();
    await until(async () => (await ch.checkQueue('browse.q')).messageCount === 6);
    const held = await c2.get('browse.q', { noAck: false }); // holds message 0 unacked
    expect(held).toBeTruthy();
    const page = await call('browseQueue', { vhost: '/', queue: 'browse.q', offset: 0, limit: 10 });
    expect(page).toMatchObject({ total: 6, ready: 5, unacked: 1 });
    expect(page.messages.map((m) => m.state)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready', 'unacked']);
    expect(page.messages[0]).toMatchObject({ properties: { correlationId: 'c1', contentType: 'application/json' }, headers: { n: 1 }, body: { encoding: 'json' }, redelivered: false });
    expect(page.messages[4].body.encoding).toBe('hex');
    expect(page.messages[5].holder).toMatchObject({ consumerTag: null, location: expect.stringMatching(/^channel \d+$/) });
    const win = await call('browseQueue', { vhost: '/', queue: 'browse.q', offset: 2, limit: 2 });
    expect(win.messages.map((m) => m.index)).toEqual([2, 3]);
    const found = await call('browseQueue', { vhost: '/', queue: 'browse.q', offset: 0, limit: 10, filter: { text: '"n":3' } });
    expect(found).toMatchObject({ matched: 1, complete: true });
    const byHeader = await call('browseQueue', { vhost: '/', queue: 'browse.q', offset: 0, limit: 10, filter: { header: { name: 'n', value: '2' } } });
    expect(byHeader.messages.map((m) => m.headers.n)).toEqual([2]);
    const byProp = await call('browseQueue', { vhost: '/', queue: 'browse.q', offset: 0, limit: 10, filter: { property: { name: 'correlationId', value: 'c4' } } });
    expect(byProp.matched).toBe(1);
    // Browsing changed nothing: all there, none redelivered (except the one we really delivered).
    await c2.close(); // returns the held one, which becomes redelivered by the real delivery
    const got: boolean[] = [];
    for (;;) { const m = await ch.get('browse.q', { noAck: true }); if (!m) break; got.push(m.fields.redelivered); }
    expect(got).toEqual([true, false, false, false, false, false]);
  });

  it('exports, deletes and moves messages from a DLQ back to the original exchange', async () => {
    await ch.assertExchange('work.x', 'direct');
    await ch.assertExchange('dlx', 'fanout');
    await ch.assertQueue('dlq');
    await ch.bindQueue('dlq', 'dlx', '');
    await ch.assertQueue('work.q', { arguments: { 'x-dead-letter-exchange': 'dlx' } });
    await ch.bindQueue('work.q', 'work.x', 'job');
    ch.publish('work.x', 'job', Buffer.from('retry me'), { messageId: 'm-1' });
    ch.publish('work.x', 'job', Buffer.from('drop me'));
    for (let i = 0; i < 2; i++) {
      const m = await until(() => ch.get('work.q', { noAck: false }));
      ch.reject(m, false);
    }
    await until(async () => (await ch.checkQueue('dlq')).messageCount === 2);
    const page = await call('browseQueue', { vhost: '/', queue: 'dlq', offset: 0, limit: 10 });
    const [retry, drop] = page.messages;
    expect(retry.xDeath[0]).toMatchObject({ queue: 'work.q', reason: 'rejected', exchange: 'work.x', routingKeys: ['job'], count: 1 });
    expect(retry.headers['x-first-death-exchange']).toBe('work.x');
    const exported = await call('exportMessages', { vhost: '/', queue: 'dlq', seqs: [retry.seq] });
    expect(exported[0]).toMatchObject({ bodyText: 'retry me', properties: { messageId: 'm-1' } });
    expect(await call('deleteMessages', { vhost: '/', queue: 'dlq', seqs: [drop.seq] })).toEqual({ deleted: 1, skipped: 0 });
    const moved = await call('moveMessages', { vhost: '/', queue: 'dlq', seqs: [retry.seq], target: { kind: 'exchange', name: 'work.x', routingKey: 'job' }, copy: false });
    expect(moved).toEqual({ moved: 1, unroutable: 0, skipped: 0 });
    expect((await ch.checkQueue('dlq')).messageCount).toBe(0);
    const back = await until(() => ch.get('work.q', { noAck: true }));
    expect(back.content.toString()).toBe('retry me');
    expect(back.properties.messageId).toBe('m-1');
  });
});

describe('publish form', () => {
  it('publishes with properties and typed headers and says what happened', async () => {
    await ch.assertQueue('pub.q', { arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    const base = { vhost: '/', exchange: '', routingKey: 'pub.q', mandatory: false, body: '{"a":1}', bodyEncoding: 'text',
      properties: { contentType: 'application/json', deliveryMode: 2, priority: 3, correlationId: 'corr', replyTo: 'r', messageId: 'mid', expiration: '60000' },
      headers: [{ name: 'n', value: { type: 'int', value: 5 } }, { name: 'f', value: { type: 'bool', value: true } }] };
    expect(await call('publish', base)).toMatchObject({ outcome: 'routed', routed: 1, queues: ['pub.q'] });
    expect(await call('publish', base)).toMatchObject({ outcome: 'rejected', routed: 0 });
    expect(await call('publish', { ...base, routingKey: 'nowhere', mandatory: true })).toMatchObject({ outcome: 'returned' });
    expect(await call('publish', { ...base, routingKey: 'nowhere' })).toMatchObject({ outcome: 'dropped' });
    const m = await ch.get('pub.q', { noAck: true });
    expect(m && m.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2, priority: 3, correlationId: 'corr', replyTo: 'r', messageId: 'mid', expiration: '60000', headers: { n: 5, f: true } });
    expect(await warren.bridge.dispatch('publish', { ...base, properties: { expiration: 'soon' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('repeats a publish at a rate for a count in main, cancellable, with progress events', async () => {
    await ch.assertQueue('rep.q');
    const req = { vhost: '/', exchange: '', routingKey: 'rep.q', mandatory: false, body: 'x', bodyEncoding: 'text', properties: {}, headers: [] };
    const job = await call('startPublishJob', { ...req, rate: 500, count: 50 });
    await until(() => events.some((e) => e.name === 'publishJob' && (e.payload as { id: number; state: string }).id === job.id && (e.payload as { state: string }).state === 'done'));
    expect((await ch.checkQueue('rep.q')).messageCount).toBe(50);
    const slow = await call('startPublishJob', { ...req, rate: 1, count: 1000 });
    const cancelled = await call('cancelPublishJob', { id: slow.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.sent).toBeLessThan(5);
  });
});

describe('message trace', () => {
  it('follows a message rejected into a dead-letter exchange, header diff and where it is now', async () => {
    await ch.assertExchange('tr.x', 'direct');
    await ch.assertExchange('tr.dlx', 'fanout');
    await ch.assertQueue('tr.dlq');
    await ch.bindQueue('tr.dlq', 'tr.dlx', '');
    await ch.assertQueue('tr.q', { arguments: { 'x-dead-letter-exchange': 'tr.dlx' } });
    await ch.bindQueue('tr.q', 'tr.x', 'k');
    ch.publish('tr.x', 'k', Buffer.from('doomed'), { headers: { a: 1 } });
    const c2 = await conn.createChannel();
    const got = await new Promise<amqp.ConsumeMessage>((resolve) => { void c2.consume('tr.q', (m) => { if (m) resolve(m); }, { consumerTag: 'tr-consumer' }); });
    c2.reject(got, false);
    await until(async () => (await ch.checkQueue('tr.dlq')).messageCount === 1);
    const list = await call('listTraces', { vhost: '/', limit: 10, search: 'tr.x' });
    expect(list.length).toBeGreaterThan(0);
    const page = await call('browseQueue', { vhost: '/', queue: 'tr.dlq', offset: 0, limit: 1 });
    const trace = await call('getTrace', { vhost: '/', messageId: page.messages[0].messageId });
    const kinds = trace.entries.map((e) => e.step.kind);
    expect(kinds).toEqual(['published', 'routed', 'delivered', 'rejected', 'dead-lettered']);
    const published = trace.entries[0].step as Extract<TraceStep, { kind: 'published' }>;
    expect(published.connectionName).toBe('explorer-test');
    const delivered = trace.entries[2].step as Extract<TraceStep, { kind: 'delivered' }>;
    expect(delivered).toMatchObject({ queue: 'tr.q', consumerTag: 'tr-consumer', redelivered: false, deliveryTag: 1 });
    const dead = trace.entries[4].step as Extract<TraceStep, { kind: 'dead-lettered' }>;
    expect(dead).toMatchObject({ reason: 'rejected', exchange: 'tr.dlx', queues: ['tr.dlq'], headersBefore: { a: 1 } });
    expect(dead.headersAfter['x-first-death-queue']).toBe('tr.q');
    expect(trace.now).toEqual([{ queue: 'tr.dlq', state: 'ready', messageId: page.messages[0].messageId }]);
    await c2.close();
  });

  it('keeps traces within the configured bound', async () => {
    await ch.assertExchange('limit.x', 'direct');
    const { queue } = await ch.assertQueue('', { exclusive: true });
    for (let i = 0; i < 10; i++) await ch.bindQueue(queue, 'limit.x', `k${i}`);
    const s = await call('setTraceSettings', { maxMessages: 3 });
    expect(s).toMatchObject({ maxMessages: 3, active: true });
    for (let i = 0; i < 10; i++) ch.publish('limit.x', `k${i}`, Buffer.from('b'));
    // Every send has been routed (a round trip on the same channel) ...
    expect((await ch.checkQueue(queue)).messageCount).toBe(10);
    // ... and the traces held are those of the newest three.
    const newest = await until(async () => {
      const keys = (await call('listTraces', { vhost: '/', limit: 10, search: 'limit.x' })).map((t) => t.routingKey).sort();
      return keys.includes('k9') && keys;
    }, { what: 'the trace of the last message sent' });
    expect(newest).toEqual(['k7', 'k8', 'k9']);
    expect((await call('getTraceStatus', {})).held).toBe(3);
    await call('setTraceSettings', { enabled: false });
    expect(await call('getTraceStatus', {})).toMatchObject({ active: false });
    await call('setTraceSettings', { enabled: true, maxMessages: 10_000 });
  });
});
