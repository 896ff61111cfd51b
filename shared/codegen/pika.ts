// Python with pika: a script that declares the topology on the broker AMQP_URL names.
import { entries, isEmpty, type BindingDefinition, type ExchangeDefinition, type QueueDefinition, type Topology } from './topology';
import { python, str } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

export const args = (t: JsonTable): string => (isEmpty(t) ? '' : `, arguments={${entries(t).map(([k, v]) => `${str(k)}: ${python(v)}`).join(', ')}}`);
export const bool = (b: boolean): string => (b ? 'True' : 'False');

/** The lines that open a blocking connection and a channel to AMQP_URL (default `url`). */
export const pikaConnect = (url: string): string[] => [
  'import os',
  '',
  'import pika',
  '',
  `params = pika.URLParameters(os.environ.get('AMQP_URL', '${url}'))`,
  'connection = pika.BlockingConnection(params)',
  'channel = connection.channel()',
  '',
];

export const pikaExchange = (x: ExchangeDefinition): string =>
  `channel.exchange_declare(exchange=${str(x.name)}, exchange_type=${str(x.type)}, durable=${bool(x.durable)}, auto_delete=${bool(x.auto_delete)}, internal=${bool(x.internal)}${args(x.arguments)})`;

export const pikaQueue = (q: QueueDefinition): string =>
  `channel.queue_declare(queue=${str(q.name)}, durable=${bool(q.durable)}, auto_delete=${bool(q.auto_delete)}${args(q.arguments)})`;

export const pikaBind = (b: BindingDefinition): string => (b.destination_type === 'queue'
  ? `channel.queue_bind(queue=${str(b.destination)}, exchange=${str(b.source)}, routing_key=${str(b.routing_key)}${args(b.arguments)})`
  : `channel.exchange_bind(destination=${str(b.destination)}, source=${str(b.source)}, routing_key=${str(b.routing_key)}${args(b.arguments)})`);

export function pikaCode(t: Topology, o: CodeOptions): string {
  const lines = [
    ...header(t, o, '#'),
    ...pikaConnect('amqp://guest:guest@localhost:5672/'),
    ...t.exchanges.map(pikaExchange),
    ...t.queues.map(pikaQueue),
    ...t.bindings.map(pikaBind),
  ];
  lines.push('', 'connection.close()', '');
  return lines.join('\n');
}
