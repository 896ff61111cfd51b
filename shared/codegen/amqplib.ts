// Node.js with amqplib: a script that declares the topology on the broker AMQP_URL names.
import { isEmpty, type Topology } from './topology';
import { str } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

const json = (t: JsonTable): string => JSON.stringify(t);

export function amqplibCode(t: Topology, o: CodeOptions): string {
  const lines = [
    ...header(t, o, '//'),
    "const amqp = require('amqplib');",
    '',
    'async function main() {',
    "  const connection = await amqp.connect(process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672/');",
    '  const channel = await connection.createChannel();',
  ];
  for (const x of t.exchanges) {
    const opts = `{ durable: ${x.durable}, autoDelete: ${x.auto_delete}, internal: ${x.internal}${isEmpty(x.arguments) ? '' : `, arguments: ${json(x.arguments)}`} }`;
    lines.push(`  await channel.assertExchange(${str(x.name)}, ${str(x.type)}, ${opts});`);
  }
  for (const q of t.queues) {
    const opts = `{ durable: ${q.durable}, autoDelete: ${q.auto_delete}${isEmpty(q.arguments) ? '' : `, arguments: ${json(q.arguments)}`} }`;
    lines.push(`  await channel.assertQueue(${str(q.name)}, ${opts});`);
  }
  for (const b of t.bindings) {
    const a = isEmpty(b.arguments) ? '' : `, ${json(b.arguments)}`;
    lines.push(b.destination_type === 'queue'
      ? `  await channel.bindQueue(${str(b.destination)}, ${str(b.source)}, ${str(b.routing_key)}${a});`
      : `  await channel.bindExchange(${str(b.destination)}, ${str(b.source)}, ${str(b.routing_key)}${a});`);
  }
  lines.push('  await connection.close();', '}', '', 'main().catch((err) => {', '  console.error(err);', '  process.exit(1);', '});', '');
  return lines.join('\n');
}
