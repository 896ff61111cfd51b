// What code generation reads: one vhost's topology in RabbitMQ's definitions shape (GET
// /api/definitions/{vhost} from Warren or any RabbitMQ), narrowed to a selection, with what cannot
// be declared by a client left out and said why.
import type { JsonTable, JsonValue } from '../model/topology';

export interface QueueDefinition { name: string; durable: boolean; auto_delete: boolean; arguments: JsonTable }
export interface ExchangeDefinition { name: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean; arguments: JsonTable }
export interface BindingDefinition { source: string; destination: string; destination_type: 'queue' | 'exchange'; routing_key: string; arguments: JsonTable }
export interface PolicyDefinition { name: string; pattern: string; 'apply-to'?: string; priority?: number; definition: JsonTable }

/** A vhost's definitions (RabbitMQ's JSON; items may carry a vhost field, which is ignored). */
export interface VhostDefinitions {
  queues?: QueueDefinition[];
  exchanges?: ExchangeDefinition[];
  bindings?: BindingDefinition[];
  policies?: PolicyDefinition[];
}

/** Names picked on the canvas; absent: the whole vhost. */
export interface Selection { queues?: string[]; exchanges?: string[] }

export interface Topology {
  exchanges: ExchangeDefinition[];
  queues: QueueDefinition[];
  /** exchange-to-exchange bindings first, so a queue binding never waits on one */
  bindings: BindingDefinition[];
  policies: PolicyDefinition[];
  /** what was left out and why, for a comment at the top of the generated code */
  skipped: string[];
}

/** The default exchange and amq.* exist on every broker and cannot be declared (403); amq.gen-*
 *  queue names are the server's to give (403 as well). */
const predeclared = (exchange: string): boolean => exchange === '' || exchange.startsWith('amq.');

export function topologyOf(defs: VhostDefinitions, selection?: Selection): Topology {
  const pickQ = selection?.queues ? new Set(selection.queues) : null;
  const pickX = selection?.exchanges ? new Set(selection.exchanges) : null;
  const skipped: string[] = [];
  const exchanges = (defs.exchanges ?? []).filter((x) => !predeclared(x.name) && (!pickX || pickX.has(x.name)));
  const queues = (defs.queues ?? []).filter((q) => {
    if (pickQ && !pickQ.has(q.name)) return false;
    if (q.name.startsWith('amq.')) { skipped.push(`queue '${q.name}': names starting amq. are the server's to give`); return false; }
    return true;
  });
  const declaredX = new Set(exchanges.map((x) => x.name));
  const declaredQ = new Set(queues.map((q) => q.name));
  // a binding comes along when both its ends are declared here or exist on every broker (amq.*)
  const exchangeIn = (x: string): boolean => declaredX.has(x) || x.startsWith('amq.');
  const bindings = (defs.bindings ?? []).filter((b) =>
    b.source !== '' // the default exchange's bindings are implicit
    && exchangeIn(b.source)
    && (b.destination_type === 'queue' ? declaredQ.has(b.destination) : exchangeIn(b.destination)));
  bindings.sort((a, b) => (a.destination_type === b.destination_type ? 0 : a.destination_type === 'exchange' ? -1 : 1));
  const policies = selection ? [] : (defs.policies ?? []);
  return { exchanges, queues, bindings, policies, skipped };
}

/** A field table's entries in a stable order, for code that reads the same on every run. */
export function entries(table: JsonTable | undefined): [string, JsonValue][] {
  return Object.entries(table ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export const isEmpty = (table: JsonTable | undefined): boolean => !table || Object.keys(table).length === 0;
