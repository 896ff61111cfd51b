// Redeclaration checks and queue argument validation, with RabbitMQ's texts.
// RabbitMQ compares only the arguments it understands; unknown ones never make declarations differ.
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import { ChannelError, Reply } from './errors';
import type { Exchange } from './exchanges/exchange';
import { asBoolean, asNumber, asString, describeValue, tableGet, TYPE_NAMES, valuesEqual } from './field-values';
import type { Queue } from './queues/queue';
import type { ExchangeDeclaration, QueueDeclaration } from './vhost';

const QUEUE_ARGS = [
  'x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length',
  'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-queue-type',
  'x-single-active-consumer', 'x-delivery-limit', 'x-queue-master-locator',
];
const EXCHANGE_ARGS = ['alternate-exchange'];

function inequivalent(kind: string, name: string, vhost: string, arg: string, received: string, current: string): ChannelError {
  return new ChannelError(Reply.PRECONDITION_FAILED,
    `inequivalent arg '${arg}' for ${kind} '${name}' in vhost '${vhost}': received '${received}' but current is '${current}'`);
}

function compareArgs(kind: string, name: string, vhost: string, keys: string[], received: FieldTable, current: FieldTable): void {
  for (const k of keys) {
    const r = tableGet(received, k);
    const c = tableGet(current, k);
    if (r === undefined && c === undefined) continue;
    if (r === undefined || c === undefined || !valuesEqual(r, c)) {
      throw inequivalent(kind, name, vhost, k, r ? describeValue(r) : 'none', c ? describeValue(c) : 'none');
    }
  }
}

export function exchangeEquivalence(x: Exchange, d: ExchangeDeclaration, vhost: string): void {
  const o = x.options;
  if (x.type !== d.type) throw inequivalent('exchange', x.name, vhost, 'type', d.type, x.type);
  if (o.durable !== d.durable) throw inequivalent('exchange', x.name, vhost, 'durable', String(d.durable), String(o.durable));
  if (o.autoDelete !== d.autoDelete) throw inequivalent('exchange', x.name, vhost, 'auto_delete', String(d.autoDelete), String(o.autoDelete));
  if (o.internal !== d.internal) throw inequivalent('exchange', x.name, vhost, 'internal', String(d.internal), String(o.internal));
  compareArgs('exchange', x.name, vhost, EXCHANGE_ARGS, d.args, o.args);
}

export function queueEquivalence(q: Queue, d: QueueDeclaration, vhost: string): void {
  const o = q.options;
  if (o.durable !== d.durable) throw inequivalent('queue', q.name, vhost, 'durable', String(d.durable), String(o.durable));
  if (o.autoDelete !== d.autoDelete) throw inequivalent('queue', q.name, vhost, 'auto_delete', String(d.autoDelete), String(o.autoDelete));
  compareArgs('queue', q.name, vhost, QUEUE_ARGS, d.args, o.args);
}

type Check = (v: FieldValue) => string | null;

const INTEGER_TYPES = new Set<FieldValue['type']>(['b', 'B', 's', 'u', 'I', 'i', 'l']);

// Texts start with RabbitMQ's own term (clients and search engines know them) and add words.
const integer = (min: number, max?: number): Check => (v) => {
  if (!INTEGER_TYPES.has(v.type)) return `"expected integer, got ${TYPE_NAMES[v.type]}" (this argument takes a whole number)`;
  const n = asNumber(v)!;
  if (n < 0) return `{value_negative,${n}} (must not be negative)`;
  if (n < min) return `{value_zero,${n}} (must be at least ${min})`;
  if (max !== undefined && n > max) return `{max_value_exceeded,${n}} (at most ${max})`;
  return null;
};
const string = (): Check => (v) => (asString(v) === undefined ? `"expected string, got ${TYPE_NAMES[v.type]}"` : null);
const boolean: Check = (v) => (asBoolean(v) === undefined ? `"expected boolean, got ${TYPE_NAMES[v.type]}"` : null);
const oneOf = (allowed: string[], term: (s: string) => string): Check => (v) => {
  const s = asString(v);
  if (s === undefined) return `"expected string, got ${TYPE_NAMES[v.type]}"`;
  return allowed.includes(s) ? null : `${term(s)} (expected ${allowed.join(', ')})`;
};

const QUEUE_ARG_CHECKS: Record<string, Check> = {
  'x-expires': integer(1),
  'x-message-ttl': integer(0),
  'x-dead-letter-exchange': string(),
  'x-dead-letter-routing-key': string(),
  'x-max-length': integer(0),
  'x-max-length-bytes': integer(0),
  'x-max-priority': integer(0, 255),
  'x-overflow': oneOf(['drop-head', 'reject-publish', 'reject-publish-dlx'], () => 'invalid_overflow'),
  'x-queue-mode': oneOf(['default', 'lazy'], () => 'invalid_queue_mode'),
  'x-queue-type': oneOf(['classic', 'quorum', 'stream'], (t) => `"unsupported queue type '${t}'"`),
  'x-single-active-consumer': boolean,
  'x-delivery-limit': integer(0),
};

export function validateQueueArguments(args: FieldTable, name: string, vhost: string): void {
  for (const [k, v] of args) {
    const check = QUEUE_ARG_CHECKS[k];
    const problem = check?.(v);
    if (problem) throw new ChannelError(Reply.PRECONDITION_FAILED, `invalid arg '${k}' for queue '${name}' in vhost '${vhost}': ${problem}`);
  }
}

/** Quorum queues are durable, shared and never auto-deleted (as RabbitMQ); streams are not built yet. */
export function validateQueueType(d: QueueDeclaration, name: string, vhost: string): void {
  const type = asString(tableGet(d.args, 'x-queue-type')) ?? 'classic';
  if (type === 'stream') {
    throw new ChannelError(Reply.PRECONDITION_FAILED, `queue '${name}' in vhost '${vhost}': stream queues (x-queue-type 'stream') are not supported by Warren yet`);
  }
  if (type !== 'quorum') return;
  const bad = !d.durable ? 'non-durable' : d.exclusive ? 'exclusive-owner' : d.autoDelete ? 'auto-delete' : null;
  if (bad) throw new ChannelError(Reply.PRECONDITION_FAILED, `invalid property '${bad}' for queue '${name}' in vhost '${vhost}'`);
}
