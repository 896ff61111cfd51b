// Connections, channels and consumers in the management API's JSON (rabbit_mgmt_format), from the
// core's clients and their protocol views; and who sees which: a management user only its own
// connections and their channels, monitoring and administrator users all (rabbit_mgmt_util).
import { clientName, type Client } from '../../broker/client';
import type { ChannelInfo } from '../../../shared/model/topology';
import { satisfies } from '../auth';
import { CHANNEL_STATS, messageStatsField } from '../message-stats-json';
import type { Row } from '../query';
import type { Ctx } from '../router';

/** RabbitMQ's name of a network connection (the core's clientName) */
export const connectionName = clientName;

export const channelName = (c: Client, number: number): string => `${connectionName(c)} (${number})`;

/** The clients whose connections (and channels) the caller may see. */
export function visibleClients(ctx: Ctx): Client[] {
  const all = [...ctx.broker.clients.values()];
  return satisfies(ctx.user, 'monitoring') ? all : all.filter((c) => c.info.user === ctx.user.name);
}

export function findConnection(ctx: Ctx, name: string): Client | undefined {
  for (const c of ctx.broker.clients.values()) if (connectionName(c) === name) return c;
  return undefined;
}

export function connectionJson(ctx: Ctx, c: Client): Row {
  const { info } = c;
  const view = c.details();
  const t = view.protocol === 'amqp-0-9-1' ? view.tuning : undefined;
  return {
    name: connectionName(c), node: ctx.env.node, type: 'network', protocol: info.protocol, state: view.state ?? 'running',
    user: info.user, user_who_performed_action: info.user, vhost: info.vhost,
    channels: view.channels.length, client_properties: info.clientProperties, connected_at: info.connectedAt,
    host: info.local?.host ?? null, port: info.local?.port ?? null, peer_host: info.peer?.host ?? null, peer_port: info.peer?.port ?? null,
    ...(t ? { auth_mechanism: t.mechanism, frame_max: t.frameMax, channel_max: t.channelMax, timeout: t.heartbeat } : {}),
    ...(view.traffic ? { recv_oct: view.traffic.recvOct, recv_cnt: view.traffic.recvCnt, send_oct: view.traffic.sendOct, send_cnt: view.traffic.sendCnt, send_pend: 0 } : {}),
    // Warren's own: what carries the protocol ("websocket" for AMQP at /amqp); RabbitMQ has no such key
    transport: info.transport ?? null,
    ssl: info.tls !== undefined, ssl_protocol: info.tls?.protocol ?? null, ssl_key_exchange: null, ssl_cipher: info.tls?.cipher ?? null, ssl_hash: null,
    peer_cert_subject: null, peer_cert_issuer: null, peer_cert_validity: null,
    ...messageStatsField(view.channels.flatMap((ch) => (ch.stats ? [ch.stats] : [])), CHANNEL_STATS),
  };
}

export function channelJson(ctx: Ctx, c: Client, ch: ChannelInfo): Row {
  const { info } = c;
  return {
    name: channelName(c, ch.channel), number: ch.channel, node: ctx.env.node, state: 'running',
    user: info.user, user_who_performed_action: info.user, vhost: info.vhost,
    connection_details: { name: connectionName(c), peer_host: info.peer?.host ?? null, peer_port: info.peer?.port ?? null },
    confirm: ch.confirm, transactional: ch.transactional, consumer_count: ch.consumers.length,
    prefetch_count: ch.prefetch, global_prefetch_count: ch.globalPrefetch, messages_unacknowledged: ch.unacked, messages_unconfirmed: ch.unconfirmed ?? 0,
    ...messageStatsField(ch.stats ? [ch.stats] : [], CHANNEL_STATS),
  };
}

/** Every channel of the given clients, as JSON. */
export function channelRows(ctx: Ctx, clients: readonly Client[]): Row[] {
  return clients.flatMap((c) => c.details().channels.map((ch) => channelJson(ctx, c, ch)));
}

/** Consumers on channels of clients in `vhosts`. Single-active-consumer queues mark the waiting ones. */
export function consumerRows(ctx: Ctx, vhosts: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  for (const c of ctx.broker.clients.values()) {
    if (!vhosts.has(c.info.vhost)) continue;
    for (const ch of c.details().channels) {
      for (const k of ch.consumers) {
        const q = ctx.broker.vhost(c.info.vhost)?.queue(k.queue);
        const single = q?.activeConsumer;
        const waiting = single !== undefined && !(single.client === c && single.tag === k.tag);
        rows.push({
          consumer_tag: k.tag, queue: { name: k.queue, vhost: c.info.vhost },
          channel_details: {
            name: channelName(c, ch.channel), number: ch.channel, connection_name: connectionName(c), node: ctx.env.node,
            peer_host: c.info.peer?.host ?? null, peer_port: c.info.peer?.port ?? null, user: c.info.user,
          },
          ack_required: !k.noAck, exclusive: k.exclusive, prefetch_count: k.prefetch, arguments: k.arguments,
          active: !waiting, activity_status: waiting ? 'waiting' : single ? 'single_active' : 'up',
        });
      }
    }
  }
  return rows;
}
