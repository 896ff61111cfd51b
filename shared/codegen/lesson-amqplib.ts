// A lesson step's actions as a Node.js script with amqplib (as RabbitMQ's tutorials write them).
import type { StepAction } from '../model/lessons';
import { str } from './literals';
import { amqplibBind, amqplibConnect, amqplibExchange, amqplibMain, amqplibQueue, json } from './amqplib';

type Act<K extends StepAction['do']> = Extract<StepAction, { do: K }>;

/** A queue as code names it: the server-named one is in the variable queue. */
const qref = (name: string): string => (name === '' ? 'queue' : str(name));

function queue(a: Act<'queue'>): string[] {
  if (a.passive) return [`  const found = await channel.checkQueue(${qref(a.name)});`, "  console.log(' [x] %s holds %d message(s)', found.queue, found.messageCount);"];
  if (a.name === '' || a.exclusive) {
    const opts = `{ durable: ${a.durable ?? false}, exclusive: ${a.exclusive ?? false}, autoDelete: ${a.autoDelete ?? false}${a.arguments ? `, arguments: ${json(a.arguments)}` : ''} }`;
    return [a.name === '' ? `  const { queue } = await channel.assertQueue('', ${opts});` : `  await channel.assertQueue(${str(a.name)}, ${opts});`];
  }
  return [amqplibQueue({ name: a.name, durable: a.durable ?? false, auto_delete: a.autoDelete ?? false, arguments: a.arguments ?? {} })];
}

function publish(a: Act<'publish'>): string[] {
  const o: string[] = [];
  if (a.persistent) o.push('persistent: true');
  if (a.headers) o.push(`headers: ${json(a.headers)}`);
  if (a.priority !== undefined) o.push(`priority: ${a.priority}`);
  if (a.expiration !== undefined) o.push(`expiration: ${str(String(a.expiration))}`);
  if (a.mandatory) o.push('mandatory: true');
  const many = (a.count ?? 1) > 1;
  const body = many ? `${str(a.body)} + ' ' + i` : str(a.body);
  const send = [
    `channel.publish(${str(a.exchange)}, ${str(a.routingKey)}, Buffer.from(${body})${o.length > 0 ? `, { ${o.join(', ')} }` : ''});`,
    `console.log(' [x] Sent %s', ${body});`,
  ];
  return [
    ...(a.mandatory ? ["  channel.on('return', (msg) => console.log(' [!] Returned: no queue took %s', msg.content.toString()));"] : []),
    ...(many ? [`  for (let i = 1; i <= ${a.count}; i++) {`, ...send.map((l) => `    ${l}`), '  }'] : send.map((l) => `  ${l}`)),
    ...(a.confirm ? ['  await channel.waitForConfirms();', "  console.log(' [x] Confirmed by the broker');"] : []),
  ];
}

/** Consume until interrupted (Ctrl+C), or until `stopAfter` messages. */
function consume(a: Act<'consume'>): string[] {
  const settle = !a.ack || a.hold ? [] : [a.reject ? 'channel.reject(msg, false);' : 'channel.ack(msg);'];
  const stop = a.stopAfter !== undefined ? [`if (received >= ${a.stopAfter}) done();`] : [];
  return [
    ...(a.prefetch !== undefined ? [`  await channel.prefetch(${a.prefetch});`] : []),
    '  let received = 0;',
    "  console.log(' [*] Waiting for messages. To exit press CTRL+C');",
    '  await new Promise((done) => {',
    `    channel.consume(${qref(a.queue)}, (msg) => {`,
    '      received += 1;',
    "      console.log(' [x] Received %s', msg.content.toString());",
    ...[...settle, ...stop].map((l) => `      ${l}`),
    `    }, { noAck: ${!a.ack} });`,
    '  });',
  ];
}

const rpcServer = (a: Act<'rpc-server'>): string[] => [
  '  const fib = (n) => { let a = 0, b = 1; for (let i = 0; i < n; i++) [a, b] = [b, a + b]; return a; };',
  '  await channel.prefetch(1);',
  "  console.log(' [x] Awaiting RPC requests');",
  `  await channel.consume(${str(a.queue)}, (msg) => {`,
  '    const n = parseInt(msg.content.toString(), 10);',
  "    console.log(' [.] fib(%d)', n);",
  '    channel.sendToQueue(msg.properties.replyTo, Buffer.from(String(fib(n))), { correlationId: msg.properties.correlationId });',
  '    channel.ack(msg);',
  '  });',
  '  await new Promise(() => {}); // serve until interrupted',
];

const rpcCall = (a: Act<'rpc-call'>): string[] => [
  "  const { queue: replyTo } = await channel.assertQueue('', { exclusive: true });",
  "  const correlationId = require('node:crypto').randomUUID();",
  '  const answer = new Promise((resolve) => {',
  '    channel.consume(replyTo, (msg) => {',
  '      if (msg.properties.correlationId === correlationId) resolve(msg.content.toString());',
  '    }, { noAck: true });',
  '  });',
  `  console.log(' [x] Requesting fib(%s)', ${str(a.body)});`,
  `  channel.sendToQueue(${str(a.queue)}, Buffer.from(${str(a.body)}), { correlationId, replyTo });`,
  "  console.log(' [.] Got %s', await answer);",
];

export function lessonAmqplib(actions: StepAction[], url: string, title: string): string {
  const confirming = actions.some((a) => a.do === 'publish' && a.confirm);
  const lines = [`// ${title}`, ...amqplibConnect(url, confirming)];
  for (const a of actions) {
    switch (a.do) {
      case 'exchange': lines.push(amqplibExchange({ name: a.name, type: a.type, durable: a.durable ?? false, auto_delete: a.autoDelete ?? false, internal: false, arguments: a.arguments ?? {} })); break;
      case 'queue': lines.push(...queue(a)); break;
      case 'bind': lines.push(a.queue === ''
        ? `  await channel.bindQueue(queue, ${str(a.exchange)}, ${str(a.routingKey)}${a.arguments ? `, ${json(a.arguments)}` : ''});`
        : amqplibBind({ source: a.exchange, destination: a.queue, destination_type: 'queue', routing_key: a.routingKey, arguments: a.arguments ?? {} })); break;
      case 'publish': lines.push(...publish(a)); break;
      case 'consume': lines.push(...consume(a)); break;
      case 'rpc-server': lines.push(...rpcServer(a)); break;
      case 'rpc-call': lines.push(...rpcCall(a)); break;
    }
  }
  // closing the channel first waits for the broker to have taken every publish before it
  lines.push('  await channel.close();', '  await connection.close();', ...amqplibMain);
  return lines.join('\n');
}
