// Redeclaration checks and the queue type's rules, with RabbitMQ's texts.
// RabbitMQ compares only the arguments it understands; unknown ones never make declarations differ.
import type { FieldTable } from '../../shared/model/amqp-values';
import { QUEUE_ARGUMENTS, type QueueArgument } from '../../shared/model/queue-arguments';
import { ChannelError, Reply } from './errors';
import type { Exchange } from './exchanges/exchange';
import { asString, describeValue, tableGet, valuesEqual } from './field-values';
import type { Queue } from './queues/queue';
import type { ExchangeDeclaration, QueueDeclaration } from './vhost';

const QUEUE_ARGS = (QUEUE_ARGUMENTS as readonly QueueArgument[]).filter((a) => a.redeclare !== 'ignored').map((a) => a.arg);
const EXCHANGE_ARGS = ['alternate-exchange'];

function inequivalent(kind: string, name: string, vhost: string, arg: string, received: string, current: string): ChannelError {
  return new ChannelError(Reply.PRECONDITION_FAILED,
    `inequivalent arg '${arg}' for ${kind} '${name}' in vhost '${vhost}': received '${received}' but current is '${current}'`);
}

function compareArgs(kind: string, name: string, vhost: string, keys: readonly string[], received: FieldTable, current: FieldTable): void {
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
