// A lesson step's actions as a Python script with pika (as RabbitMQ's tutorials write them).
import type { StepAction } from '../model/lessons';
import { python, str } from './literals';
import { args, bool, pikaBind, pikaConnect, pikaExchange, pikaQueue } from './pika';

type Act<K extends StepAction['do']> = Extract<StepAction, { do: K }>;

/** A queue as code names it: the server-named one is in the variable queue_name. */
const qref = (name: string): string => (name === '' ? 'queue_name' : str(name));

function queue(a: Act<'queue'>): string[] {
  if (a.passive) return [`result = channel.queue_declare(queue=${qref(a.name)}, passive=True)`, `print(f" [x] {result.method.queue} holds {result.method.message_count} message(s)")`];
  if (a.name === '' || a.exclusive) {
    const line = `channel.queue_declare(queue=${str(a.name)}, durable=${bool(a.durable ?? false)}, exclusive=${bool(a.exclusive ?? false)}, auto_delete=${bool(a.autoDelete ?? false)}${args(a.arguments ?? {})})`;
    return a.name === '' ? [`result = ${line}`, 'queue_name = result.method.queue'] : [line];
  }
  return [pikaQueue({ name: a.name, durable: a.durable ?? false, auto_delete: a.autoDelete ?? false, arguments: a.arguments ?? {} })];
}

function properties(a: Act<'publish'>): string {
  const p: string[] = [];
  if (a.persistent) p.push('delivery_mode=2');
  if (a.headers) p.push(`headers=${python(a.headers)}`);
  if (a.priority !== undefined) p.push(`priority=${a.priority}`);
  if (a.expiration !== undefined) p.push(`expiration=${str(String(a.expiration))}`);
  return p.length > 0 ? `, properties=pika.BasicProperties(${p.join(', ')})` : '';
}

function publish(a: Act<'publish'>, confirming: boolean): string[] {
  const many = (a.count ?? 1) > 1;
  const body = many ? `${str(a.body)} + " " + str(i)` : str(a.body);
  const send = `channel.basic_publish(exchange=${str(a.exchange)}, routing_key=${str(a.routingKey)}, body=${body}${properties(a)}${a.mandatory ? ', mandatory=True' : ''})`;
  // with confirms on, pika raises UnroutableError for a returned mandatory message
  const guarded = a.mandatory && confirming
    ? ['try:', `    ${send}`, 'except pika.exceptions.UnroutableError:', '    print(" [!] Returned: no queue took it")']
    : [send];
  const sent = `print(" [x] Sent", ${body})`;
  return many ? [`for i in range(1, ${a.count! + 1}):`, ...[...guarded, sent].map((l) => `    ${l}`)] : [...guarded, sent];
}

/** Consume until interrupted (Ctrl+C), or until `stopAfter` messages. */
function consume(a: Act<'consume'>): string[] {
  const settle = !a.ack || a.hold ? [] : [a.reject ? 'ch.basic_reject(delivery_tag=method.delivery_tag, requeue=False)' : 'ch.basic_ack(delivery_tag=method.delivery_tag)'];
  return [
    ...(a.prefetch !== undefined ? [`channel.basic_qos(prefetch_count=${a.prefetch})`] : []),
    'received = 0',
    '',
    'def callback(ch, method, properties, body):',
    '    global received',
    '    received += 1',
    '    print(f" [x] Received {body.decode()}")',
    ...settle.map((l) => `    ${l}`),
    ...(a.stopAfter !== undefined ? [`    if received >= ${a.stopAfter}:`, '        ch.stop_consuming()'] : []),
    '',
    '',
    `channel.basic_consume(queue=${qref(a.queue)}, on_message_callback=callback, auto_ack=${bool(!a.ack)})`,
    "print(' [*] Waiting for messages. To exit press CTRL+C')",
    'try:',
    '    channel.start_consuming()',
    'except KeyboardInterrupt:',
    '    pass',
  ];
}

const rpcServer = (a: Act<'rpc-server'>): string[] => [
  'def fib(n):',
  '    a, b = 0, 1',
  '    for _ in range(n):',
  '        a, b = b, a + b',
  '    return a',
  '',
  '',
  'def on_request(ch, method, props, body):',
  '    n = int(body)',
  '    print(f" [.] fib({n})")',
  "    ch.basic_publish(exchange='', routing_key=props.reply_to, properties=pika.BasicProperties(correlation_id=props.correlation_id), body=str(fib(n)))",
  '    ch.basic_ack(delivery_tag=method.delivery_tag)',
  '',
  '',
  'channel.basic_qos(prefetch_count=1)',
  `channel.basic_consume(queue=${str(a.queue)}, on_message_callback=on_request)`,
  'print(" [x] Awaiting RPC requests")',
  'try:',
  '    channel.start_consuming()',
  'except KeyboardInterrupt:',
  '    pass',
];

const rpcCall = (a: Act<'rpc-call'>): string[] => [
  'import uuid',
  '',
  "result = channel.queue_declare(queue='', exclusive=True)",
  'callback_queue = result.method.queue',
  'corr_id = str(uuid.uuid4())',
  'response = None',
  '',
  'def on_response(ch, method, props, body):',
  '    global response',
  '    if props.correlation_id == corr_id:',
  '        response = body',
  '',
  '',
  'channel.basic_consume(queue=callback_queue, on_message_callback=on_response, auto_ack=True)',
  `channel.basic_publish(exchange='', routing_key=${str(a.queue)}, properties=pika.BasicProperties(reply_to=callback_queue, correlation_id=corr_id), body=${str(a.body)})`,
  `print(" [x] Requesting fib(${a.body})")`,
  'while response is None:',
  '    connection.process_data_events(time_limit=1)',
  'print(f" [.] Got {response.decode()}")',
];

export function lessonPika(actions: StepAction[], url: string, title: string): string {
  const confirming = actions.some((a) => a.do === 'publish' && a.confirm);
  const lines = [`# ${title}`, ...pikaConnect(url)];
  if (confirming) lines.push('channel.confirm_delivery()');
  for (const a of actions) {
    switch (a.do) {
      case 'exchange': lines.push(pikaExchange({ name: a.name, type: a.type, durable: a.durable ?? false, auto_delete: a.autoDelete ?? false, internal: false, arguments: a.arguments ?? {} })); break;
      case 'queue': lines.push(...queue(a)); break;
      case 'bind': lines.push(a.queue === ''
        ? `channel.queue_bind(queue=queue_name, exchange=${str(a.exchange)}, routing_key=${str(a.routingKey)}${args(a.arguments ?? {})})`
        : pikaBind({ source: a.exchange, destination: a.queue, destination_type: 'queue', routing_key: a.routingKey, arguments: a.arguments ?? {} })); break;
      case 'publish': lines.push(...publish(a, confirming)); break;
      case 'consume': lines.push(...consume(a)); break;
      case 'rpc-server': lines.push(...rpcServer(a)); break;
      case 'rpc-call': lines.push(...rpcCall(a)); break;
    }
  }
  lines.push('', 'connection.close()', '');
  return lines.join('\n');
}
