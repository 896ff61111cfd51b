// RabbitMQ's firehose (rabbit_trace) for one vhost: while tracing is on, every message published
// is copied to amq.rabbitmq.trace as publish.<exchange>, and every delivery (to a consumer or a
// basic.get) as deliver.<queue>, with RabbitMQ's headers, so tools written for its tracer work.
// Off, a vhost holds no Firehose and the message path pays one null check. The copies share the
// original's body; messages of the trace exchange itself are never traced (no loop).
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import { MESSAGE_PROPERTIES } from '../../shared/model/properties';
import { type Client, clientName } from './client';
import type { Exchange } from './exchanges/exchange';
import { str } from './field-values';
import { Message } from './message';
import { NODE_NAME } from './node-name';
import { ccKeys } from './sender-routing-keys';
import type { Queue } from './queues/queue';
import type { QueueEntry } from './queues/queue-entry';

export const TRACE_EXCHANGE = 'amq.rabbitmq.trace';

/** What the firehose needs of its vhost: the trace exchange, and publishing at most once to it. */
export interface FirehoseHost {
  readonly name: string;
  exchange(name: string): Exchange | undefined;
  publishTrace(x: Exchange, message: Message): void;
}

const int = (n: number): FieldValue => ({ type: 'I', value: n });

export class Firehose {
  constructor(private readonly vhost: FirehoseHost) {}

  /** a message routed from `x` to `queues` (rabbit_trace:tap_in) */
  published(x: Exchange, message: Message, queues: readonly Queue[], publisher: Client | null, channel: number): void {
    if (x.name === TRACE_EXCHANGE) return;
    const routed: FieldValue[] = queues.map((q) => str(q.name));
    this.trace(message, `publish.${x.name}`, [
      ['vhost', str(this.vhost.name)], ['connection', str(publisher ? clientName(publisher) : 'none')], ['channel', int(channel)],
      ['user', str(publisher?.info.user ?? 'none')], ['routed_queues', { type: 'A', value: routed }],
    ]);
  }

  /** a delivery from `queue` to a consumer or getter (rabbit_trace:tap_out) */
  delivered(queue: Queue, entry: QueueEntry, to: Client | null, channel: number): void {
    if (entry.message.exchange === TRACE_EXCHANGE) return;
    this.trace(entry.message, `deliver.${queue.name}`, [
      ['redelivered', int(entry.deliveries > 1 || entry.redelivered ? 1 : 0)], ['vhost', str(this.vhost.name)],
      ['connection', str(to ? clientName(to) : 'none')], ['channel', int(channel)], ['user', str(to?.info.user ?? 'none')],
    ]);
  }

  private trace(m: Message, routingKey: string, extra: FieldTable): void {
    const x = this.vhost.exchange(TRACE_EXCHANGE);
    if (!x) return;
    const headers: FieldTable = [
      ['exchange_name', str(m.exchange)],
      ['routing_keys', { type: 'A', value: [m.routingKey, ...ccKeys(m.properties)].map(str) }],
      ['properties', { type: 'F', value: propertiesTable(m) }],
      ['node', str(NODE_NAME)],
      ...extra,
    ];
    const copy = new Message(TRACE_EXCHANGE, routingKey, { headers }, null, m.body, m.bodySize, Date.now());
    this.vhost.publishTrace(x, copy);
  }
}

/** The message's properties that are set, by RabbitMQ's names: integers as signed ints, the
 *  headers as a table, the rest as long strings (rabbit_trace's msg_to_table). */
function propertiesTable(m: Message): FieldTable {
  const out: FieldTable = [];
  const p = m.properties as Record<string, unknown>;
  for (const d of MESSAGE_PROPERTIES) {
    const v = p[d.name];
    if (v === undefined) continue;
    if (d.type === 'table') out.push([d.api, { type: 'F', value: v as FieldTable }]);
    else if (d.type === 'octet') out.push([d.api, int(v as number)]);
    else if (d.type === 'timestamp') out.push([d.api, { type: 'l', value: v as bigint }]);
    else out.push([d.api, str(v as string)]);
  }
  return out;
}
