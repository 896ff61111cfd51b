// amq.rabbitmq.event as an application watches it: an exclusive queue bound with amqplib, a
// consumer collecting each event's routing key, properties and headers (decoded by amqplib), and a
// scenario of changes made the ways users make them (AMQP methods, management API calls, a refused
// login) — run the same against Warren and a RabbitMQ with rabbitmq_event_exchange.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { uniqueName } from './harness';
import { seg, type ManagementTarget } from './management-support';
import { until } from '../test-support/wait';

export interface SeenEvent {
  key: string;
  exchange: string;
  headers: Record<string, unknown>;
  deliveryMode: number | undefined;
  timestamp: number | undefined;
  bodyLength: number;
}

export interface EventWatch {
  conn: ChannelModel;
  ch: Channel;
  queue: string;
  seen: SeenEvent[];
  /** resolves with the first event matching, once it has arrived */
  waitFor(key: string, match?: (h: Record<string, unknown>) => boolean): Promise<SeenEvent>;
  close(): Promise<void>;
}

/** An exclusive queue bound to amq.rabbitmq.event with `keys`, consumed. */
export async function watchEvents(t: ManagementTarget, keys: string[] = ['#']): Promise<EventWatch> {
  const conn = await amqp.connect(t.amqpUrl());
  const ch = await conn.createChannel();
  const { queue } = await ch.assertQueue('', { exclusive: true });
  for (const k of keys) await ch.bindQueue(queue, 'amq.rabbitmq.event', k);
  const seen: SeenEvent[] = [];
  await ch.consume(queue, (m) => {
    if (!m) return;
    const p = m.properties;
    seen.push({ key: m.fields.routingKey, exchange: m.fields.exchange, headers: p.headers ?? {}, deliveryMode: p.deliveryMode, timestamp: p.timestamp, bodyLength: m.content.length });
  }, { noAck: true });
  const find = (key: string, match?: (h: Record<string, unknown>) => boolean) => seen.find((e) => e.key === key && (!match || match(e.headers)));
  return {
    conn, ch, queue, seen,
    waitFor: (key, match) => until(() => find(key, match), { ms: 10_000, what: `event ${key}` }),
    close: async () => { await conn.close().catch(() => undefined); },
  };
}

/** Names the scenario used, to find its events. */
export interface ScenarioNames { exchange: string; queue: string; user: string; vhost: string; policy: string; tag: string }

/** Every kind of change the event exchange reports, made once each. */
export async function runScenario(t: ManagementTarget): Promise<ScenarioNames> {
  const n: ScenarioNames = { exchange: uniqueName('ev-x'), queue: uniqueName('ev-q'), user: uniqueName('ev-user'), vhost: uniqueName('ev-vhost'), policy: uniqueName('ev-p'), tag: 'ev-ctag' };
  const conn = await amqp.connect(t.amqpUrl(), { clientProperties: { connection_name: 'event-scenario' } });
  const ch = await conn.createChannel();
  await ch.assertExchange(n.exchange, 'topic', { durable: false, autoDelete: false, arguments: { a: 'b' } });
  await ch.assertQueue(n.queue, { durable: true, arguments: { 'x-max-length': 5 } });
  await ch.bindQueue(n.queue, n.exchange, 'k.*', { h: 'v' });
  await ch.consume(n.queue, () => undefined, { consumerTag: n.tag, arguments: { 'x-priority': 3 } });
  await ch.cancel(n.tag);
  await ch.unbindQueue(n.queue, n.exchange, 'k.*', { h: 'v' });
  await ch.deleteQueue(n.queue);
  await ch.deleteExchange(n.exchange);
  await ch.close();
  await conn.close();
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await t.call(method, path, { body });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  };
  await ok('PUT', `/api/users/${seg(n.user)}`, { password: 'p1', tags: 'monitoring' });
  await ok('PUT', `/api/users/${seg(n.user)}`, { password: 'p2', tags: 'management' });
  await ok('PUT', `/api/vhosts/${seg(n.vhost)}`, {});
  await ok('PUT', `/api/permissions/${seg(n.vhost)}/${seg(n.user)}`, { configure: '.*', write: '.*', read: '' });
  await ok('DELETE', `/api/permissions/${seg(n.vhost)}/${seg(n.user)}`);
  await ok('PUT', `/api/policies/%2F/${seg(n.policy)}`, { pattern: '^ev-nothing', definition: { 'max-length': 3 }, 'apply-to': 'queues', priority: 1 });
  await ok('DELETE', `/api/policies/%2F/${seg(n.policy)}`);
  await ok('PUT', `/api/vhost-limits/${seg(n.vhost)}/max-connections`, { value: 10 });
  await ok('DELETE', `/api/vhost-limits/${seg(n.vhost)}/max-connections`);
  await ok('PUT', `/api/parameters/vhost-limits/${seg(n.vhost)}/limits`, { value: { 'max-queues': 4 } });
  await ok('DELETE', `/api/parameters/vhost-limits/${seg(n.vhost)}/limits`);
  await ok('DELETE', `/api/vhosts/${seg(n.vhost)}`);
  await amqp.connect(t.amqpUrl('/', [n.user, 'wrong'])).then((c) => c.close(), () => undefined);
  await ok('DELETE', `/api/users/${seg(n.user)}`);
  return n;
}
