// RabbitMQ's management API JSON (and Warren's, which speaks the same API) mapped onto the
// contract's topology and stats, so a remote broker draws on the canvas exactly as the embedded
// one: same node ids (shared/ipc/ids.ts), same edge keys for rates. Pure functions: the poller
// (remote-poll.ts) fetches, these map.
import type { FlowStats, PublisherLink, QueueStats, TopologySnapshot } from '../../shared/ipc/contract';
import { consumerNode, exchangeNode, flowKey, producerNode, queueNode } from '../../shared/ipc/ids';
import type {
  BindingInfo, ConnectionInfo, ConsumerInfo, ExchangeInfo, ExchangeType, JsonTable, PolicyInfo, QueueInfo,
} from '../../shared/model/topology';

// ---- the API's JSON, as far as it is read here ----------------------------------------------

/** message_stats: counts since the object began, each with a `_details.rate` per second. */
export type ApiMessageStats = Record<string, number | { rate?: number } | undefined>;

export interface ApiExchange {
  name: string; vhost: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean;
  arguments?: JsonTable; policy?: string | null; message_stats?: ApiMessageStats;
}

export interface ApiQueue {
  name: string; vhost: string; durable: boolean; auto_delete: boolean; exclusive?: boolean;
  arguments?: JsonTable; type?: string; node?: string; leader?: string; members?: string[];
  policy?: string | null; operator_policy?: string | null; effective_policy_definition?: JsonTable | [];
  owner_pid_details?: { name?: string };
  messages_ready?: number; messages_unacknowledged?: number; consumers?: number; message_stats?: ApiMessageStats;
}

export interface ApiBinding {
  source: string; vhost: string; destination: string; destination_type: 'queue' | 'exchange';
  routing_key: string; arguments?: JsonTable; properties_key?: string;
}

export interface ApiConsumer {
  consumer_tag: string; exclusive?: boolean; ack_required?: boolean; prefetch_count?: number;
  queue: { name: string; vhost: string };
  channel_details?: { connection_name?: string; number?: number; name?: string };
}

export interface ApiConnection {
  name: string; vhost: string; user?: string; protocol?: string; client_properties?: JsonTable;
  connected_at?: number; peer_host?: string; peer_port?: number; host?: string; port?: number; transport?: string;
}

export interface ApiChannel {
  name: string; number?: number; vhost?: string;
  connection_details?: { name?: string };
  message_stats?: ApiMessageStats;
}

export interface ApiPolicy { name: string; vhost: string; definition?: JsonTable }

/** One poll of one vhost: what the topology and stats are made of. */
export interface ApiVhostData {
  vhost: string;
  vhosts: string[];
  /** a remote Warren's sandbox clock (warren_clock_scale); absent for RabbitMQ */
  clockScale?: number;
  exchanges: ApiExchange[];
  queues: ApiQueue[];
  bindings: ApiBinding[];
  consumers: ApiConsumer[];
  connections: ApiConnection[];
  channels: ApiChannel[];
  /** user and operator policies by name (empty when the user may not list them) */
  policies: ApiPolicy[];
  operatorPolicies: ApiPolicy[];
}

// ---- counters -----------------------------------------------------------------------------

export function statCount(s: ApiMessageStats | undefined, key: string): number {
  const v = s?.[key];
  return typeof v === 'number' ? v : 0;
}

export function statRate(s: ApiMessageStats | undefined, key: string): number {
  const v = s?.[`${key}_details`];
  return v && typeof v === 'object' && typeof v.rate === 'number' ? v.rate : 0;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

// ---- objects ----------------------------------------------------------------------------------

/** RabbitMQ writes an empty effective policy as [] (an empty Erlang proplist) on some versions. */
function table(t: JsonTable | [] | undefined | null): JsonTable {
  return t && !Array.isArray(t) ? t : {};
}

function policyOf(name: string | null | undefined, operator: string | null | undefined, definition: JsonTable): { policy?: PolicyInfo } {
  if (!name && !operator) return {};
  return { policy: { name: name ?? null, operator: operator ?? null, definition } };
}

export function exchangeFromApi(x: ApiExchange, policies: ReadonlyMap<string, ApiPolicy> = new Map()): ExchangeInfo {
  // The exchange list names its policy but not what it sets; the policy list says.
  const definition = x.policy ? table(policies.get(x.policy)?.definition) : {};
  return {
    vhost: x.vhost, name: x.name,
    // Plugin types (x-consistent-hash, x-delayed-message, ...) keep their names; the canvas shows them.
    type: x.type as ExchangeType,
    durable: x.durable, autoDelete: x.auto_delete, internal: x.internal, arguments: table(x.arguments),
    ...policyOf(x.policy, null, definition),
  };
}

export function queueFromApi(q: ApiQueue): QueueInfo {
  const node = q.leader ?? q.node;
  return {
    vhost: q.vhost, name: q.name, durable: q.durable, exclusive: q.exclusive ?? false, autoDelete: q.auto_delete,
    arguments: table(q.arguments), ready: q.messages_ready ?? 0, unacked: q.messages_unacknowledged ?? 0, consumers: q.consumers ?? 0,
    ...(q.owner_pid_details?.name ? { owner: q.owner_pid_details.name } : {}),
    ...policyOf(q.policy, q.operator_policy, table(q.effective_policy_definition)),
    ...(q.type ? { queueType: q.type } : {}),
    ...(node ? { node } : {}),
    ...(Array.isArray(q.members) ? { members: [...q.members] } : {}),
  };
}

export function bindingFromApi(b: ApiBinding): BindingInfo {
  return {
    vhost: b.vhost, source: b.source, destination: b.destination, destinationType: b.destination_type,
    routingKey: b.routing_key, arguments: table(b.arguments),
  };
}

export function connectionFromApi(c: ApiConnection): ConnectionInfo {
  const peer = c.peer_host !== undefined && c.peer_port !== undefined ? { host: c.peer_host, port: c.peer_port } : null;
  return {
    // The connection's name is its id: DELETE /api/connections/{name} closes it.
    id: c.name, protocol: c.protocol ?? 'AMQP 0-9-1',
    address: peer ? `${peer.host}:${peer.port}` : c.name,
    user: c.user ?? '', vhost: c.vhost, clientProperties: table(c.client_properties), connectedAt: c.connected_at ?? 0,
    ...(peer ? { peer } : {}),
    ...(c.host !== undefined && c.port !== undefined ? { local: { host: c.host, port: c.port } } : {}),
    ...(c.transport === 'websocket' || c.transport === 'tcp' ? { transport: c.transport } : {}),
  };
}

export function consumerFromApi(c: ApiConsumer): ConsumerInfo {
  return {
    vhost: c.queue.vhost, queue: c.queue.name, tag: c.consumer_tag,
    connectionId: c.channel_details?.connection_name ?? '',
    location: c.channel_details?.number !== undefined ? `channel ${c.channel_details.number}` : '',
    noAck: c.ack_required === false, exclusive: c.exclusive ?? false, prefetch: c.prefetch_count ?? 0,
  };
}

// ---- publishers -------------------------------------------------------------------------------

/** Messages per second each connection publishes (over all its channels), for those that ever did. */
function publishingConnections(channels: ApiChannel[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const ch of channels) {
    const conn = ch.connection_details?.name;
    if (!conn || statCount(ch.message_stats, 'publish') === 0) continue;
    out.set(conn, (out.get(conn) ?? 0) + statRate(ch.message_stats, 'publish'));
  }
  return out;
}

/**
 * Which connection publishes to which exchange. With RabbitMQ's default (basic) statistics the
 * API says which channels publish and which exchanges receive publishes, not which to which
 * (a channel's `publishes` and an exchange's `incoming` are empty unless rates_mode is
 * detailed). So: a connection that has published is linked to every exchange that has received
 * publishes; exact when either side is one, and when both are several, narrowed to those
 * publishing right now.
 */
export function publishersFromApi(data: Pick<ApiVhostData, 'channels' | 'exchanges'>): PublisherLink[] {
  const conns = publishingConnections(data.channels);
  let from = [...conns.keys()];
  let into = data.exchanges.filter((x) => statCount(x.message_stats, 'publish_in') > 0);
  if (from.length > 1 && into.length > 1) {
    from = from.filter((c) => (conns.get(c) ?? 0) > 0);
    into = into.filter((x) => statRate(x.message_stats, 'publish_in') > 0);
  }
  return from.flatMap((connectionId) => into.map((x) => ({ connectionId, exchange: x.name })));
}

// ---- snapshot and stats -----------------------------------------------------------------------

/** A queue's consumers: RabbitMQ's queue statistics lag its consumer list by up to a stats interval,
 *  and the canvas draws the list's consumers, so the count is never below the list's. */
function consumerCounts(data: ApiVhostData): (q: ApiQueue) => number {
  const listed = new Map<string, number>();
  for (const c of data.consumers) listed.set(c.queue.name, (listed.get(c.queue.name) ?? 0) + 1);
  return (q) => Math.max(q.consumers ?? 0, listed.get(q.name) ?? 0);
}

export function snapshotFromApi(data: ApiVhostData): TopologySnapshot {
  const policies = new Map(data.policies.map((p) => [p.name, p]));
  const consumersOf = consumerCounts(data);
  return {
    vhost: data.vhost,
    vhosts: data.vhosts,
    clockScale: data.clockScale ?? 1,
    exchanges: data.exchanges.map((x) => exchangeFromApi(x, policies)),
    queues: data.queues.map((q) => ({ ...queueFromApi(q), consumers: consumersOf(q) })),
    // The API lists the default exchange's implicit binding to every queue; the embedded broker's
    // snapshot has none (nothing is bound there), and the canvas draws none.
    bindings: data.bindings.filter((b) => b.source !== '').map(bindingFromApi),
    connections: data.connections.filter((c) => c.vhost === data.vhost).map(connectionFromApi),
    consumers: data.consumers.map(consumerFromApi),
    publishers: publishersFromApi(data),
  };
}

/** What a snapshot looks like without its depths: the poller sends 'topology' only when this changes. */
export function topologyKey(s: TopologySnapshot): string {
  return JSON.stringify({ ...s, queues: s.queues.map(({ ready: _r, unacked: _u, ...rest }) => rest) });
}

/** Split `total` over keys in proportion to their weights (equally when every weight is 0). */
function share(rates: Record<string, number>, total: number, weights: Map<string, number>): void {
  if (total <= 0 || weights.size === 0) return;
  let sum = 0;
  for (const w of weights.values()) sum += w;
  for (const [key, w] of weights) {
    const part = sum > 0 ? (total * w) / sum : total / weights.size;
    rates[key] = round1((rates[key] ?? 0) + part);
  }
}

/**
 * Queue depths and edge rates from message_stats, on the edge keys the local sampler counts
 * (main/bridge/sampler.ts), so edge rates and sparklines work unchanged:
 * - producer -> exchange: the connection's publish rate when it publishes to one exchange, else
 *   the exchange's publish_in rate shared over its publishers;
 * - exchange -> queue: the queue's publish rate, shared over the exchanges bound to it in
 *   proportion to their publish_in rates;
 * - queue -> consumer: the queue's deliver_get rate, shared over its consumers' connections.
 * RabbitMQ counts nothing per exchange-to-exchange binding or per dead-lettering, so those
 * edges carry no rate.
 */
export function statsFromApi(data: ApiVhostData, publishers: PublisherLink[], t: number): FlowStats {
  const rates: Record<string, number> = {};
  const exchangeIn = new Map(data.exchanges.map((x) => [x.name, statRate(x.message_stats, 'publish_in')]));
  const connRate = publishingConnections(data.channels);

  const byConn = new Map<string, string[]>();
  const byExchange = new Map<string, string[]>();
  for (const p of publishers) {
    byConn.set(p.connectionId, [...(byConn.get(p.connectionId) ?? []), p.exchange]);
    byExchange.set(p.exchange, [...(byExchange.get(p.exchange) ?? []), p.connectionId]);
  }
  for (const p of publishers) {
    const key = flowKey(producerNode(p.connectionId), exchangeNode(p.exchange));
    if (byConn.get(p.connectionId)!.length === 1) rates[key] = round1(connRate.get(p.connectionId) ?? 0);
    else {
      const weights = new Map(byExchange.get(p.exchange)!.map((c) => [flowKey(producerNode(c), exchangeNode(p.exchange)), 1]));
      if (!(key in rates)) share(rates, exchangeIn.get(p.exchange) ?? 0, weights);
    }
  }

  const sources = new Map<string, Set<string>>();
  for (const b of data.bindings) {
    // The default exchange's implicit bindings take a share only when something publishes there.
    if (b.destination_type !== 'queue' || (b.source === '' && !exchangeIn.get(''))) continue;
    let s = sources.get(b.destination);
    if (!s) sources.set(b.destination, (s = new Set()));
    s.add(b.source);
  }
  const consumerConns = new Map<string, Map<string, number>>();
  for (const c of data.consumers) {
    const conn = c.channel_details?.connection_name;
    if (!conn) continue;
    let m = consumerConns.get(c.queue.name);
    if (!m) consumerConns.set(c.queue.name, (m = new Map()));
    const key = flowKey(queueNode(c.queue.name), consumerNode(conn));
    m.set(key, (m.get(key) ?? 0) + 1);
  }

  const queues: QueueStats[] = [];
  const consumersOf = consumerCounts(data);
  for (const q of data.queues) {
    queues.push({ name: q.name, ready: q.messages_ready ?? 0, unacked: q.messages_unacknowledged ?? 0, consumers: consumersOf(q) });
    const src = sources.get(q.name);
    if (src) {
      share(rates, statRate(q.message_stats, 'publish'),
        new Map([...src].map((x) => [flowKey(exchangeNode(x), queueNode(q.name)), exchangeIn.get(x) ?? 0])));
    }
    const cons = consumerConns.get(q.name);
    if (cons) share(rates, statRate(q.message_stats, 'deliver_get'), cons);
  }
  return { vhost: data.vhost, t, queues, rates, eventRate: 0, sentRate: 0, publishers };
}
