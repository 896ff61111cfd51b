// Node.js with amqplib: a script that declares the topology on the broker AMQP_URL names.
import { isEmpty, type BindingDefinition, type ExchangeDefinition, type QueueDefinition, type Topology } from './topology';
import { str } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

export const json = (t: JsonTable): string => JSON.stringify(t);

/** The lines that open a connection to AMQP_URL (default `url`) and a channel (a confirm
 *  channel when `confirm`), inside `async function main()`. */
export const amqplibConnect = (url: string, confirm = false): string[] => [
  "const amqp = require('amqplib');",
  '',
  'async function main() {',
  `  const connection = await amqp.connect(process.env.AMQP_URL || '${url}');`,
  `  const channel = await connection.${confirm ? 'createConfirmChannel' : 'createChannel'}();`,
];

/** The end of the script main() opened: errors exit non-zero. */
export const amqplibMain = ['}', '', 'main().catch((err) => {', '  console.error(err);', '  process.exit(1);', '});', ''];

export const amqplibExchange = (x: ExchangeDefinition): string =>
  `  await channel.assertExchange(${str(x.name)}, ${str(x.type)}, { durable: ${x.durable}, autoDelete: ${x.auto_delete}, internal: ${x.internal}${isEmpty(x.arguments) ? '' : `, arguments: ${json(x.arguments)}`} });`;

export const amqplibQueue = (q: QueueDefinition): string =>
  `  await channel.assertQueue(${str(q.name)}, { durable: ${q.durable}, autoDelete: ${q.auto_delete}${isEmpty(q.arguments) ? '' : `, arguments: ${json(q.arguments)}`} });`;

export function amqplibBind(b: BindingDefinition): string {
  const a = isEmpty(b.arguments) ? '' : `, ${json(b.arguments)}`;
  return b.destination_type === 'queue'
    ? `  await channel.bindQueue(${str(b.destination)}, ${str(b.source)}, ${str(b.routing_key)}${a});`
    : `  await channel.bindExchange(${str(b.destination)}, ${str(b.source)}, ${str(b.routing_key)}${a});`;
}

export function amqplibCode(t: Topology, o: CodeOptions): string {
  const lines = [
    ...header(t, o, '//'),
    ...amqplibConnect('amqp://guest:guest@localhost:5672/'),
    ...t.exchanges.map(amqplibExchange),
    ...t.queues.map(amqplibQueue),
    ...t.bindings.map(amqplibBind),
    '  await connection.close();',
    ...amqplibMain,
  ];
  return lines.join('\n');
}
