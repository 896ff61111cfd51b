// /api/queues[/{vhost}[/{name}]], the queue's bindings, contents (purge) and get
// (rabbit_mgmt_wm_queues, _queue, _queue_purge, _queue_get).
import { bodyBuffer } from '../../broker/message';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import { lockedError } from '../../broker/vhost';
import { requireAccess } from '../access-check';
import { jsonToTable, propertiesToJson, tableToJson } from '../amqp-json';
import { bool, object, requireKeys, str } from '../body';
import { badRequest } from '../errors';
import { messageStatsField, QUEUE_STATS } from '../message-stats-json';
import type { Ctx, Resource } from '../router';
import { bindingJson, defaultBindingJson } from './bindings-json';
import { appliedPolicyJson } from './policies';
import { core, listResources, READ_MANAGEMENT, vhostOf } from './vhost-objects';

export function queueJson(ctx: Ctx, q: Queue): Record<string, unknown> {
  const single = q.settings.singleActiveConsumer ? q.activeConsumer : undefined;
  return {
    name: q.name, vhost: q.vhost, durable: q.options.durable, auto_delete: q.options.autoDelete, exclusive: q.options.exclusive,
    arguments: tableToJson(q.options.args), node: ctx.env.node, type: q.settings.queueType ?? 'classic', state: 'running',
    messages: q.messageCount + q.unacked, messages_ready: q.messageCount, messages_unacknowledged: q.unacked,
    consumers: q.consumerCount, ...appliedPolicyJson(q.policy),
    exclusive_consumer_tag: null, single_active_consumer_tag: single ? single.tag : null,
    ...(q.owner ? { owner_pid_details: { name: q.owner.info.id } } : {}),
    ...messageStatsField([q.stats], QUEUE_STATS),
  };
}

export const { all: queues, inVhost: queuesInVhost } = listResources((ctx, v) => [...v.queues.values()].map((q) => queueJson(ctx, q)), ['vhost', 'name'], true);

const queueOf = (ctx: Ctx): Queue | undefined => ctx.broker.vhost(ctx.params.vhost)?.queue(ctx.params.name);

/** A queue the caller may act on with `access`: it exists (the API asked), permissions allow, and
 *  no connection holds it exclusively (the API has no connection of its own to own it). */
function usable(ctx: Ctx, access: 'configure' | 'write' | 'read'): Queue {
  const q = queueOf(ctx)!;
  requireAccess(ctx, q.vhost, access, 'queue', q.name);
  core(() => notLocked(q));
  return q;
}

function notLocked(q: Queue | undefined): void {
  if (q?.options.exclusive) throw lockedError(q);
}

export const queue: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => queueOf(ctx) !== undefined,
  get: (ctx) => queueJson(ctx, queueOf(ctx)!),
  put(ctx) {
    const v = vhostOf(ctx);
    const name = ctx.params.name;
    requireAccess(ctx, v.name, 'configure', 'queue', name);
    const created = !v.queues.has(name);
    core(() => notLocked(v.queue(name)));
    // An HTTP declaration has no connection to own the queue: "exclusive" is not honoured (as RabbitMQ).
    core(() => v.declareQueue({
      name, passive: false, durable: bool(ctx.body, 'durable', false), exclusive: false, autoDelete: bool(ctx.body, 'auto_delete', false),
      args: jsonToTable(object(ctx.body, 'arguments')),
    }, null));
    return created;
  },
  delete(ctx) {
    const q = usable(ctx, 'configure');
    if (ctx.query.get('if-empty') === 'true' && q.messageCount + q.unacked > 0) throw badRequest(`queue '${q.name}' in vhost '${q.vhost}' not empty`);
    if (ctx.query.get('if-unused') === 'true' && q.consumerCount > 0) throw badRequest(`queue '${q.name}' in vhost '${q.vhost}' in use`);
    core(() => vhostOf(ctx).deleteQueue(q.name, false, false, null));
  },
};

export const queueBindings: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => queueOf(ctx) !== undefined,
  list: {
    rows(ctx) {
      const q = queueOf(ctx)!;
      return [defaultBindingJson(q), ...[...q.bindings].map(bindingJson)];
    },
    sort: [],
    pageable: false,
  },
};

export const queueContents: Resource = {
  methods: ['DELETE'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => queueOf(ctx) !== undefined,
  delete(ctx) {
    const q = usable(ctx, 'read');
    core(() => vhostOf(ctx).purgeQueue(q.name, null));
  },
};

const ACKMODES = ['ack_requeue_true', 'ack_requeue_false', 'reject_requeue_true', 'reject_requeue_false'] as const;
type AckMode = (typeof ACKMODES)[number];

/** POST /api/queues/{vhost}/{name}/get: basic.get `count` times, then settle as `ackmode` says. */
export const queueGet: Resource = {
  methods: ['POST'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => queueOf(ctx) !== undefined,
  post(ctx) {
    requireKeys(ctx.body, ['ackmode', 'encoding']);
    const ackmode = str(ctx.body, 'ackmode') as AckMode;
    if (!ACKMODES.includes(ackmode)) throw badRequest(`unknown ackmode '${ackmode}'`);
    const encoding = str(ctx.body, 'encoding');
    if (encoding !== 'auto' && encoding !== 'base64') throw badRequest(`unknown encoding '${encoding}'`);
    const count = positiveInt(ctx.body.count ?? 1, 'count');
    const truncate = ctx.body.truncate === undefined || ctx.body.truncate === '' ? undefined : positiveInt(ctx.body.truncate, 'truncate');
    const q = queueOf(ctx)!;
    requireAccess(ctx, q.vhost, 'read', 'queue', q.name);
    // basic.get goes through an internal channel in RabbitMQ, so its error keeps the reply code
    if (q.options.exclusive) throw badRequest(`405 ${lockedError(q).replyText}`);
    const taken: QueueEntry[] = [];
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < count; i++) {
      const e = q.get(false);
      if (!e) break;
      taken.push(e);
      out.push(messageJson(e, q.messageCount, encoding, truncate));
    }
    // settle once all are taken, so a requeued message is not fetched twice in one request
    if (ackmode === 'ack_requeue_true' || ackmode === 'reject_requeue_true') q.requeue(taken);
    else if (ackmode === 'ack_requeue_false') for (const e of taken) q.ack(e);
    else for (const e of taken) q.reject(e);
    return { status: 200, body: out };
  },
};

function positiveInt(v: unknown, key: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${key} must be a non-negative integer`);
  return n;
}

function messageJson(e: QueueEntry, remaining: number, encoding: string, truncate: number | undefined): Record<string, unknown> {
  const m = e.message;
  const full = bodyBuffer(m.body);
  const body = truncate !== undefined && full.length > truncate ? full.subarray(0, truncate) : full;
  const asString = encoding === 'auto' && isUtf8Text(body);
  return {
    payload_bytes: m.bodySize, redelivered: e.redelivered, exchange: m.exchange, routing_key: m.routingKey,
    message_count: remaining, properties: propertiesToJson(m.properties),
    payload: asString ? body.toString('utf8') : body.toString('base64'), payload_encoding: asString ? 'string' : 'base64',
  };
}

/** RabbitMQ's "auto": valid UTF-8 is shown as a string, anything else as base64. */
function isUtf8Text(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}
