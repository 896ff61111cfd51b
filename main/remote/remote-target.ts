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
import type { AmqpTarget } from './amqp-connect';
import type { EventSink } from '../bridge/sampler';
import { Firehoses } from './firehoses';

export interface RemoteTargetOptions {
  profileId: string;
  name: string;
  readOnly: boolean;
  client: ManagementClient;
  defaultVhost: string;
  /** the profile's AMQP address and credentials (amqpOf) for the firehose and returning dead
   *  letters; null: no AMQP, so neither is available */
  amqp?: Omit<AmqpTarget, 'vhost' | 'name'> | null;
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
  // the window's watchers by vhost: the poller feeds them topology and stats, the firehose flow
  const sinks = new Map<string, Set<EventSink>>();
  const amqp = opts.amqp ?? null;
  const firehoses = new Firehoses({
    api: client, amqp,
    onBatch: (b) => { for (const s of sinks.get(b.vhost) ?? []) s.send('flow', b); },
    onStopped: (vhost, reason) => log.warn(`the firehose of vhost '${vhost}' on ${client.where} stopped: ${reason}`),
  });
  const dispatch = createRemoteDispatch(
    { client, profileName: opts.name, readOnly: opts.readOnly, layouts: opts.layouts ?? layoutsFor(opts.profileId), firehoses, amqp },
    (err) => log.warn(`a command on ${client.where} failed inside Warren: ${(err as Error)?.stack ?? String(err)}`),
  );
  return {
    info,
    dispatch,
    watch: (vhost, sink) => {
      let set = sinks.get(vhost);
      if (!set) sinks.set(vhost, (set = new Set()));
      set.add(sink);
      const stop = poller.watch(vhost, sink);
      return () => { stop(); set.delete(sink); if (set.size === 0) sinks.delete(vhost); };
    },
    close: async () => {
      poller.close();
      // the firehose this window switched on goes off with it
      await firehoses.close().catch((err: unknown) => log.warn((err as Error).message));
      client.close();
    },
  };
}
