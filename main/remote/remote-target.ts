// A remote RabbitMQ (3.8 to 4.x, or a Warren over HTTP) as the window's target: its topology,
// stats and commands through the management API client, the one code path for both.
import type { TargetInfo } from '../../shared/model/remote';
import type { LayoutStore } from '../bridge/layout-store';
import { MemoryLayoutStore } from '../bridge/layout-store';
import type { WindowTarget } from '../bridge/window-target';
import type { Logger } from '../server/log';
import type { ManagementClient } from './management-client';
import { createRemoteDispatch } from './remote-handlers';
import { RemotePoller } from './remote-poll';

export interface RemoteTargetOptions {
  profileId: string;
  name: string;
  readOnly: boolean;
  client: ManagementClient;
  defaultVhost: string;
  /** amqp(s)://host:port for AMQP work (the firehose, returning dead letters); null: none given */
  amqpUrl?: string | null;
  /** ms between polls while someone watches (default 3000, at least 1000) */
  pollMs?: number;
  /** where node positions are kept; default: in memory, per profile, for as long as Warren runs */
  layouts?: LayoutStore;
  log?: Pick<Logger, 'warn' | 'info'>;
}

interface Overview { product_name?: string; product_version?: string; rabbitmq_version?: string; cluster_name?: string }

/** Positions dragged on a remote profile's canvas, kept while Warren runs (switching away and back keeps them). */
const memoryLayouts = new Map<string, LayoutStore>();

function layoutsFor(profileId: string): LayoutStore {
  let s = memoryLayouts.get(profileId);
  if (!s) memoryLayouts.set(profileId, (s = new MemoryLayoutStore()));
  return s;
}

const consoleLog: Pick<Logger, 'warn' | 'info'> = { warn: (m) => console.warn(m), info: () => {} };

/** Checks the broker answers and who we are there (a RemoteError, unchanged, when not), then the target. */
export async function connectRemote(opts: RemoteTargetOptions): Promise<WindowTarget> {
  const { client } = opts;
  const [overview, me] = await Promise.all([
    client.get<Overview>('/api/overview'),
    client.get<{ name: string; tags: unknown }>('/api/whoami'),
  ]);
  const info: TargetInfo = {
    profileId: opts.profileId, name: opts.name, kind: 'remote', readOnly: opts.readOnly,
    product: overview.product_name ?? 'RabbitMQ',
    version: overview.product_version ?? overview.rabbitmq_version ?? '',
    clusterName: overview.cluster_name ?? '',
    managementUrl: client.base.toString().replace(/\/$/, ''),
    user: me.name,
    defaultVhost: opts.defaultVhost,
  };
  const log = opts.log ?? consoleLog;
  const poller = new RemotePoller(client, opts.pollMs, log);
  const dispatch = createRemoteDispatch(
    { client, profileName: opts.name, readOnly: opts.readOnly, layouts: opts.layouts ?? layoutsFor(opts.profileId) },
    (err) => log.warn(`a command on ${client.where} failed inside Warren: ${(err as Error)?.stack ?? String(err)}`),
  );
  return {
    info,
    dispatch,
    watch: (vhost, sink) => poller.watch(vhost, sink),
    close: async () => {
      poller.close();
      client.close();
    },
  };
}
