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
import { amqpOf, type AmqpTarget } from './amqp-connect';
import type { EventSink } from '../bridge/sampler';
import { Firehoses } from './firehoses';
import { hopsTo } from './route-hops';

export interface RemoteTargetOptions {
  profileId: string;
  name: string;
  readOnly: boolean;
  client: ManagementClient;
  defaultVhost: string;
  /** the profile's AMQP address and credentials (amqpOf) for the firehose and returning dead
   *  letters; absent: the broker's own AMQP listener as /api/overview lists it, on the management
   *  host, with the management user; null: no AMQP, so neither is available */
  amqp?: Omit<AmqpTarget, 'vhost' | 'name'> | null;
  /** ms between polls while someone watches (default 3000, at least 1000) */
  pollMs?: number;
  /** where node positions are kept; default: in memory, per profile, for as long as Warren runs */
  layouts?: LayoutStore;
  log?: Pick<Logger, 'warn' | 'info'>;
}

interface Overview {
  product_name?: string; product_version?: string; rabbitmq_version?: string; cluster_name?: string;
  listeners?: Array<{ protocol?: string; port?: number }>;
}

/** The AMQP address a broker lists for itself (amqps when the API is https and it has one), on the
 *  host the management API was reached at: the listener's own address may be 0.0.0.0 or a pod's. */
function amqpFromOverview(o: Overview, client: ManagementClient): Omit<AmqpTarget, 'vhost' | 'name'> {
  const tls = client.base.protocol === 'https:';
  const l = (tls ? o.listeners?.find((x) => x.protocol === 'amqp/ssl') : undefined) ?? o.listeners?.find((x) => x.protocol === 'amqp');
  const { user, password, caPem } = client.target;
  // none listed: RabbitMQ's default port on that host
  if (!l?.port) return amqpOf({ managementUrl: client.base.toString(), amqpUrl: null, user, password, caPem });
  const scheme = l.protocol === 'amqp/ssl' ? 'amqps' : 'amqp';
  return { amqpUrl: `${scheme}://${client.base.hostname}:${l.port}`, user, password, caPem: caPem ?? null };
}

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
  const amqp = opts.amqp === undefined ? amqpFromOverview(overview, client) : opts.amqp;
  const firehoses = new Firehoses({
    api: client, amqp,
    onBatch: (b) => { for (const s of sinks.get(b.vhost) ?? []) s.send('flow', b); },
    onStopped: (vhost, reason) => log.warn(`the firehose of vhost '${vhost}' on ${client.where} stopped: ${reason}`),
    // markers follow the bindings the window last polled (exchange-to-exchange, alternate exchanges)
    hops: (vhost, exchange, _key, queues) => hopsTo(poller.snapshot(vhost), exchange, queues),
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
