// /api/overview and /api/whoami: what management tools read first (rabbitmqadmin reads
// management_version and rabbitmq_version; monitoring tools read the totals and listeners).
import { COMPATIBLE_RABBITMQ_VERSION } from '../../definitions/export';
import { exchangeTypes } from '../../broker/plugins';
import type { MessageStats } from '../../broker/message-stats';
import { CHANNEL_STATS, messageStatsField } from '../message-stats-json';
import type { Ctx, Resource } from '../router';
import { visibleVhosts } from '../auth';
import type { Broker } from '../../broker/broker';
import { getGlobalParameter } from '../../broker/parameters/runtime-parameters';

export const overview: Resource = {
  methods: ['GET'],
  auth: { read: 'management', write: 'administrator' },
  get(ctx: Ctx) {
    const { broker, env } = ctx;
    let queues = 0, exchanges = 0, consumers = 0, ready = 0, unacked = 0;
    const counted: MessageStats[] = [];
    for (const name of visibleVhosts(broker, ctx.user)) {
      const v = broker.vhost(name)!;
      counted.push(v.messageTotals());
      exchanges += v.exchanges.size;
      queues += v.queues.size;
      for (const q of v.queues.values()) { consumers += q.consumerCount; ready += q.messageCount; unacked += q.unacked; }
    }
    let channels = 0;
    for (const c of broker.clients.values()) channels += c.details().channels.length;
    return {
      management_version: COMPATIBLE_RABBITMQ_VERSION,
      rates_mode: 'none',
      exchange_types: exchangeTypes(),
      product_version: env.version,
      product_name: 'Warren',
      rabbitmq_version: COMPATIBLE_RABBITMQ_VERSION,
      cluster_name: clusterName(ctx.broker, env.node),
      node: env.node,
      disable_stats: false,
      enable_queue_totals: true,
      ...messageStatsField(counted, CHANNEL_STATS),
      queue_totals: { messages: ready + unacked, messages_ready: ready, messages_unacknowledged: unacked },
      object_totals: { channels, connections: broker.clients.size, consumers, exchanges, queues },
      listeners: env.listeners().map((l) => ({ node: env.node, ...l, socket_opts: {} })),
      contexts: [],
    };
  },
};

export const whoami: Resource = {
  methods: ['GET'],
  auth: { read: 'management', write: 'administrator' },
  get: (ctx) => ({ name: ctx.user.name, tags: ctx.user.tags }),
};

/** RabbitMQ's cluster_name global parameter, else the node's name. */
function clusterName(broker: Broker, node: string): string {
  const v = getGlobalParameter(broker, 'cluster_name')?.value;
  return typeof v === 'string' ? v : node;
}
