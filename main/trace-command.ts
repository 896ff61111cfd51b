// `warren trace on|off --vhost V`: RabbitMQ's firehose switched through the management API (the
// vhost's `tracing` field, what rabbitmqctl trace_on/trace_off do), for Warren or any RabbitMQ.
import { parseArgs } from 'node:util';
import { apiPath, ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';

export const TRACE_USAGE = `usage: warren trace on|off [--vhost V] [--url URL]

  Switches the firehose of a vhost: while on, the broker copies every message published in it to
  the topic exchange amq.rabbitmq.trace as publish.<exchange>, and every delivery as
  deliver.<queue>, with RabbitMQ's headers (exchange_name, routing_keys, properties, routed_queues,
  redelivered, connection, channel, user, node). It costs a copy per publish and per delivery.

  --vhost V   the vhost (default /)
  --url URL   the management API with its credentials (default http://guest:guest@127.0.0.1:15672)
`;

export async function traceCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never): Promise<void> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { vhost: { type: 'string', default: '/' }, url: { type: 'string', default: 'http://guest:guest@127.0.0.1:15672' } },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${TRACE_USAGE}`);
  }
  const [action, ...extra] = positionals;
  if ((action !== 'on' && action !== 'off') || extra.length > 0) fail(`expected on or off\n${TRACE_USAGE}`);
  const vhost = values.vhost!;
  const client = new ManagementClient(targetFromUrl(values.url!));
  try {
    // PUT replaces the vhost's settings: send its description and tags back with the switch
    const v = await client.get<{ description?: string; tags?: string[] }>(apiPath('vhosts', vhost));
    await client.put(apiPath('vhosts', vhost), { description: v.description ?? '', tags: v.tags ?? [], tracing: action === 'on' });
    out(`tracing ${action} for vhost '${vhost}' at ${client.where}\n`);
  } catch (err) {
    if (err instanceof RemoteError && err.kind === 'not-found') fail(`no vhost '${vhost}' at ${client.where}`);
    fail(err instanceof RemoteError ? err.message : String(err));
  } finally {
    client.close();
  }
}
