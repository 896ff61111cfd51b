// The topology as a graph: which nodes and edges to draw for the current filter. Pure, so it is
// tested without a canvas. Positions are added by the canvas (manual, else automatic layout).
import { consumerNode, destinationNode, exchangeNode, flowKey, producerNode, queueNode } from '../../../shared/ipc/ids';
import { connectionName } from '../../../shared/model/connection-name';
import { toTopic } from '../../../shared/model/mqtt-topics';
import type { BindingInfo, ConnectionInfo } from '../../../shared/model/topology';
import type { ConsumerSpec, ProducerSpec } from '../../../shared/model/simulate';
import type { WarrenState } from '../../store/types';

export type GraphNodeType = 'exchange' | 'queue' | 'producer' | 'consumer' | 'simProducer' | 'simConsumer';
export type GraphEdgeKind = 'binding' | 'dlx' | 'alternate' | 'publish' | 'consume';

export interface GraphNode { id: string; type: GraphNodeType; name: string }
export interface GraphEdge {
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
  label: string;
  /** key of this edge's rate in stats */
  rateKey: string;
  /** the bindings an edge stands for (several bindings between two nodes share one edge) */
  bindings?: BindingInfo[];
}

export const NODE_SIZE: Record<GraphNodeType, { width: number; height: number }> = {
  exchange: { width: 210, height: 70 },
  queue: { width: 240, height: 118 },
  producer: { width: 200, height: 58 },
  consumer: { width: 200, height: 58 },
  simProducer: { width: 220, height: 104 },
  simConsumer: { width: 220, height: 104 },
};

export const isDefaultExchange = (name: string): boolean => name === '' || name.startsWith('amq.');
export const displayName = (name: string): string => (name === '' ? '(AMQP default)' : name);

export function bindingLabel(b: BindingInfo): string {
  // before the arguments: an MQTT 5 subscription's binding carries its options as arguments
  if (isMqttSubscription(b)) return mqttKeyLabel(b.routingKey);
  const args = Object.entries(b.arguments);
  if (args.length > 0) {
    const match = b.arguments['x-match'];
    const rest = args.filter(([k]) => k !== 'x-match').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (match !== undefined || rest.length > 0) return `${match ?? 'all'}: ${rest.join(', ')}`;
  }
  return b.routingKey === '' ? '(no key)' : b.routingKey;
}

/** MQTT keeps a session's subscriptions in mqtt-subscription-<client id>qos0/qos1 queues, their
 *  filters translated to binding keys; the label shows the filter as the MQTT client wrote it. */
export const mqttKeyLabel = (key: string): string => `${key} (MQTT ${toTopic(key)})`;

export const isMqttSubscription = (b: Pick<BindingInfo, 'destination' | 'destinationType'>): boolean =>
  b.destinationType === 'queue' && b.destination.startsWith('mqtt-subscription-');

export function clientLabel(props: Record<string, unknown> | undefined, fallback: string): string {
  const name = connectionName(props);
  if (name) return name;
  const product = props?.['product'];
  if (typeof product === 'string' && product) return product;
  return fallback;
}

/** The client node's protocol badge: AMQP or MQTT, and WS when a WebSocket carries it. */
export function protocolBadge(c: Pick<ConnectionInfo, 'protocol' | 'transport'>): string {
  const family = c.protocol.startsWith('MQTT') ? 'MQTT' : c.protocol.startsWith('AMQP') ? 'AMQP' : c.protocol;
  return c.transport === 'websocket' ? `${family}/WS` : family;
}

/** "AMQP 0-9-1", or "AMQP 0-9-1 over WebSocket" for a client at /amqp. */
export function protocolLabel(c: Pick<ConnectionInfo, 'protocol' | 'transport'>): string {
  return c.transport === 'websocket' ? `${c.protocol} over WebSocket` : c.protocol;
}

type GraphInput = Pick<WarrenState, 'exchanges' | 'queues' | 'bindings' | 'connections' | 'consumers' | 'publishers' | 'filter' | 'hideDefaults'>
  & Partial<Pick<WarrenState, 'simulated' | 'vhost'>>;

export function buildGraph(s: GraphInput): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const f = s.filter.trim().toLowerCase();
  const matches = (name: string): boolean => f === '' || name.toLowerCase().includes(f);
  const nodes: GraphNode[] = [];
  const visible = new Set<string>();
  for (const x of s.exchanges.values()) {
    if (s.hideDefaults && isDefaultExchange(x.name)) continue;
    if (!matches(x.name)) continue;
    nodes.push({ id: exchangeNode(x.name), type: 'exchange', name: x.name });
    visible.add(exchangeNode(x.name));
  }
  for (const q of s.queues.values()) {
    if (!matches(q.name)) continue;
    nodes.push({ id: queueNode(q.name), type: 'queue', name: q.name });
    visible.add(queueNode(q.name));
  }
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const add = (kind: GraphEdge['kind'], source: string, target: string, label: string, bindings?: BindingInfo[]): void => {
    if (!visible.has(source) || !visible.has(target)) return;
    const rateKey = flowKey(source, target);
    const id = `${kind}|${rateKey}`;
    if (edgeIds.has(id)) return; // a simulated client's own edge and the one its traffic shows
    edgeIds.add(id);
    edges.push({ id, kind, source, target, label, rateKey, ...(bindings ? { bindings } : {}) });
  };
  // Bindings between the same two nodes share an edge.
  const groups = new Map<string, BindingInfo[]>();
  for (const b of s.bindings) {
    const k = flowKey(exchangeNode(b.source), destinationNode(b.destination, b.destinationType));
    const g = groups.get(k);
    if (g) g.push(b); else groups.set(k, [b]);
  }
  for (const g of groups.values()) {
    const b = g[0];
    add('binding', exchangeNode(b.source), destinationNode(b.destination, b.destinationType), g.map(bindingLabel).join(' | '), g);
  }
  // A dead-letter or alternate exchange set by argument, else by policy (the argument wins, as in RabbitMQ).
  for (const q of s.queues.values()) {
    const dlx = q.arguments['x-dead-letter-exchange'] ?? q.policy?.definition['dead-letter-exchange'];
    if (typeof dlx === 'string') {
      const dlrk = q.arguments['x-dead-letter-routing-key'] ?? q.policy?.definition['dead-letter-routing-key'];
      add('dlx', queueNode(q.name), exchangeNode(dlx), typeof dlrk === 'string' ? `dead letters → ${dlrk}` : 'dead letters');
    }
  }
  for (const x of s.exchanges.values()) {
    const ae = x.arguments['alternate-exchange'] ?? x.policy?.definition['alternate-exchange'];
    if (typeof ae === 'string') add('alternate', exchangeNode(x.name), exchangeNode(ae), 'unroutable →');
  }
  // Simulated clients, with the edge to their exchange or from their queue even before traffic;
  // connected, they are drawn as their connection (its rates and markers are theirs).
  const claimed = new Set<string>();
  for (const c of s.simulated ?? []) {
    if (c.spec.vhost !== (s.vhost ?? c.spec.vhost)) continue;
    if (c.connectionId) claimed.add(c.connectionId);
    const own = c.connectionId ?? c.id;
    if (c.kind === 'producer') {
      const id = producerNode(own);
      nodes.push({ id, type: 'simProducer', name: c.id });
      visible.add(id);
      add('publish', id, exchangeNode((c.spec as ProducerSpec).exchange), '');
    } else {
      const id = consumerNode(own);
      nodes.push({ id, type: 'simConsumer', name: c.id });
      visible.add(id);
      add('consume', queueNode((c.spec as ConsumerSpec).queue), id, '');
    }
  }
  // Clients: a connection appears as a producer (left) once it publishes, as a consumer (right)
  // while it consumes, and as an idle client if it does neither.
  const consuming = new Set<string>();
  const consumeEdges = new Map<string, number>();
  for (const c of s.consumers) {
    if (!visible.has(queueNode(c.queue))) continue;
    consuming.add(c.connectionId);
    const k = `${c.queue}\u0000${c.connectionId}`;
    consumeEdges.set(k, (consumeEdges.get(k) ?? 0) + 1);
  }
  const publishing = new Set<string>();
  for (const p of s.publishers) if (s.connections.has(p.connectionId)) publishing.add(p.connectionId);
  for (const c of s.connections.values()) {
    if (claimed.has(c.id)) continue;
    const idle = !consuming.has(c.id) && !publishing.has(c.id);
    if (publishing.has(c.id) || idle) {
      nodes.push({ id: producerNode(c.id), type: 'producer', name: c.id });
      visible.add(producerNode(c.id));
    }
    if (consuming.has(c.id)) {
      nodes.push({ id: consumerNode(c.id), type: 'consumer', name: c.id });
      visible.add(consumerNode(c.id));
    }
  }
  for (const p of s.publishers) add('publish', producerNode(p.connectionId), exchangeNode(p.exchange), '');
  for (const [k, n] of consumeEdges) {
    const [queue, conn] = k.split('\u0000');
    add('consume', queueNode(queue), consumerNode(conn), n > 1 ? `${n} consumers` : '');
  }
  return { nodes, edges };
}
