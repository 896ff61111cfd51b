// `warren lint`: the compatibility lint (shared/lint) over a broker's vhosts, read through its
// management API: definitions and policies, every queue (exclusive ones too) and live channels.
import { parseArgs } from 'node:util';
import { apiPath, ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';
import { vhostDefinitions } from './remote/vhost-definitions';
import { formatWarning, lint, type LintChannel, type LintWarning } from '../shared/lint/compat-lint';
import type { VhostDefinitions } from '../shared/codegen/topology';

export const LINT_USAGE = `usage: warren lint [--url URL] [--vhost V] [--json] [--strict]

  Lists what in a broker's topology would behave differently on the RabbitMQ or LavinMQ you deploy
  to (transient non-exclusive queues refused by RabbitMQ 4.3, quorum queues' delivery limit of 20
  since 4.0, classic mirroring policies removed in 4.0, plugin exchange types, ...), each with
  what to do instead and the version it comes from.

  --url URL   the management API with its credentials (default http://guest:guest@127.0.0.1:15672)
  --vhost V   only this vhost (default: every vhost)
  --json      the warnings as JSON
  --strict    exit with code 1 when there is any warning
`;

interface QueueRow { name: string; durable: boolean; exclusive: boolean; auto_delete: boolean; arguments: Record<string, never> }
interface ChannelRow { name: string; vhost: string; global_prefetch_count?: number }

async function vhostInput(client: ManagementClient, vhost: string, channels: ChannelRow[]): Promise<{ definitions: VhostDefinitions; channels: LintChannel[] }> {
  const defs = await vhostDefinitions(client, vhost) as VhostDefinitions;
  // the export leaves exclusive queues out: the queue list has them all
  const queues = await client.get<QueueRow[]>(apiPath('queues', vhost));
  const lintChannels = channels.filter((c) => c.vhost === vhost).map((c) => ({ name: c.name, globalPrefetch: c.global_prefetch_count ?? 0 }));
  return { definitions: { ...defs, queues: queues.map(({ name, durable, exclusive, auto_delete, arguments: a }) => ({ name, durable, exclusive, auto_delete, arguments: a ?? {} })) }, channels: lintChannels };
}

export async function lintCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never, exit: (code: number) => void): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true,
      options: {
        url: { type: 'string', default: 'http://guest:guest@127.0.0.1:15672' },
        vhost: { type: 'string' }, json: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${LINT_USAGE}`);
  }
  let client: ManagementClient;
  try { client = new ManagementClient(targetFromUrl(values.url!)); } catch (err) { fail(`--url: ${(err as Error).message}`); }
  const found: Array<LintWarning & { vhost: string }> = [];
  try {
    const vhosts = values.vhost !== undefined ? [values.vhost] : (await client.get<Array<{ name: string }>>('/api/vhosts')).map((v) => v.name);
    const channels = await client.get<ChannelRow[]>('/api/channels');
    for (const vhost of vhosts) {
      for (const w of lint(await vhostInput(client, vhost, channels))) found.push({ vhost, ...w });
    }
  } catch (err) {
    fail(err instanceof RemoteError ? err.message : String(err));
  } finally {
    client.close();
  }
  if (values.json) out(JSON.stringify(found, null, 2) + '\n');
  else {
    for (const w of found) out(`vhost ${JSON.stringify(w.vhost)}: ${formatWarning(w)}\n`);
    out(`${found.length} warning${found.length === 1 ? '' : 's'} at ${client.where}\n`);
  }
  if (values.strict && found.length > 0) exit(1);
}
