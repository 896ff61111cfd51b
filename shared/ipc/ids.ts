// Ids of graph nodes and flow edges, shared by the bridge (which counts rates per edge) and the
// renderer (which draws them). Exchange and queue names live in separate namespaces in AMQP, and
// a connection both publishes and consumes, so each kind gets its own prefix.

export type NodeKind = 'exchange' | 'queue' | 'producer' | 'consumer';

export const exchangeNode = (name: string): string => `x:${name}`;
export const queueNode = (name: string): string => `q:${name}`;
/** a connection as a publisher (left of the exchanges) */
export const producerNode = (connectionId: string): string => `p:${connectionId}`;
/** a connection as a consumer (right of the queues) */
export const consumerNode = (connectionId: string): string => `c:${connectionId}`;

export const destinationNode = (name: string, type: 'queue' | 'exchange'): string =>
  type === 'queue' ? queueNode(name) : exchangeNode(name);

export function nodeKind(id: string): NodeKind {
  switch (id[0]) {
    case 'x': return 'exchange';
    case 'q': return 'queue';
    case 'p': return 'producer';
    default: return 'consumer';
  }
}
export const nodeName = (id: string): string => id.slice(2);

/** Messages are counted per (from node, to node) pair: several bindings between the same two
 *  nodes share one rate. */
export const flowKey = (from: string, to: string): string => `${from}>${to}`;
