// Python with pika: a script that declares the topology on the broker AMQP_URL names.
import { entries, isEmpty, type Topology } from './topology';
import { python, str } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

const args = (t: JsonTable): string => (isEmpty(t) ? '' : `, arguments={${entries(t).map(([k, v]) => `${str(k)}: ${python(v)}`).join(', ')}}`);
const bool = (b: boolean): string => (b ? 'True' : 'False');

export function pikaCode(t: Topology, o: CodeOptions): string {
  const lines = [
    ...header(t, o, '#'),
    'import os',
    '',
    'import pika',
    '',
    "params = pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://guest:guest@localhost:5672/'))",
    'connection = pika.BlockingConnection(params)',
    'channel = connection.channel()',
    '',
  ];
  for (const x of t.exchanges) {
    lines.push(`channel.exchange_declare(exchange=${str(x.name)}, exchange_type=${str(x.type)}, durable=${bool(x.durable)}, auto_delete=${bool(x.auto_delete)}, internal=${bool(x.internal)}${args(x.arguments)})`);
  }
  for (const q of t.queues) {
    lines.push(`channel.queue_declare(queue=${str(q.name)}, durable=${bool(q.durable)}, auto_delete=${bool(q.auto_delete)}${args(q.arguments)})`);
  }
  for (const b of t.bindings) {
    lines.push(b.destination_type === 'queue'
      ? `channel.queue_bind(queue=${str(b.destination)}, exchange=${str(b.source)}, routing_key=${str(b.routing_key)}${args(b.arguments)})`
      : `channel.exchange_bind(destination=${str(b.destination)}, source=${str(b.source)}, routing_key=${str(b.routing_key)}${args(b.arguments)})`);
  }
  lines.push('', 'connection.close()', '');
  return lines.join('\n');
}
