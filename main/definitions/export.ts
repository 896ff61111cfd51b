// The broker's definitions in RabbitMQ's JSON, whole (GET /api/definitions) or for one vhost
// (GET /api/definitions/{vhost}: no vhost keys in the items, no users, vhosts or permissions).
import type { Broker } from '../broker/broker';
import { tableToJson } from '../broker/field-json';
import { listParameters } from '../broker/parameters/runtime-parameters';
import type { VHost } from '../broker/vhost';
import { policyJson, type BindingDef, type DefinitionsJson, type ExchangeDef, type OpaqueDef, type QueueDef } from './format';

/** The RabbitMQ version whose API and definitions Warren answers with; Warren's own is product_version. */
export const COMPATIBLE_RABBITMQ_VERSION = '3.10.8';

/** The versions an export names: RabbitMQ's, and Warren's own. */
export const exportVersions = (warrenVersion: string): ExportVersions =>
  ({ rabbitmq: COMPATIBLE_RABBITMQ_VERSION, product: { name: 'Warren', version: warrenVersion } });

export interface ExportVersions {
  /** the RabbitMQ version whose API Warren answers (rabbit_version, rabbitmq_version) */
  rabbitmq: string;
  product: { name: string; version: string };
}

export function exportDefinitions(broker: Broker, versions: ExportVersions): DefinitionsJson {
  const vhosts = [...broker.vhosts.values()];
  return {
    rabbit_version: versions.rabbitmq,
    rabbitmq_version: versions.rabbitmq,
    product_name: versions.product.name,
    product_version: versions.product.version,
    users: broker.users.list().map((u) => ({ name: u.name, password_hash: u.passwordHash, hashing_algorithm: u.hashingAlgorithm, tags: [...u.tags], limits: broker.users.limits(u.name) })),
    vhosts: vhosts.map((v) => (v.clockScale === 1 ? { name: v.name } : { name: v.name, warren_clock_scale: v.clockScale })),
    permissions: broker.permissions.list().map(({ user, vhost, configure, write, read }) => ({ user, vhost, configure, write, read })),
    topic_permissions: broker.permissions.listTopic().map(({ user, vhost, exchange, write, read }) => ({ user, vhost, exchange, write, read })),
    parameters: listParameters(broker) as unknown as OpaqueDef[],
    global_parameters: [...broker.unapplied.globalParameters],
    policies: broker.policies('policy').map(policyJson),
    queues: vhosts.flatMap((v) => queues(v, true)),
    exchanges: vhosts.flatMap((v) => exchanges(v, true)),
    bindings: vhosts.flatMap((v) => bindings(v, true)),
  };
}

export function exportVhostDefinitions(broker: Broker, v: VHost, versions: ExportVersions): DefinitionsJson {
  const inVhost = (list: OpaqueDef[]): OpaqueDef[] => list.filter((p) => p.vhost === v.name).map(({ vhost: _, ...rest }) => rest);
  return {
    rabbit_version: versions.rabbitmq,
    parameters: inVhost(listParameters(broker, undefined, v.name) as unknown as OpaqueDef[]),
    // RabbitMQ keeps the vhost key on policies even here
    policies: broker.policies('policy').filter((p) => p.vhost === v.name).map(policyJson),
    queues: queues(v, false),
    exchanges: exchanges(v, false),
    bindings: bindings(v, false),
  };
}

/** Every queue but exclusive ones (those die with their connection), durable or not, as RabbitMQ 3.10. */
function queues(v: VHost, withVhost: boolean): QueueDef[] {
  return [...v.queues.values()].filter((q) => !q.options.exclusive).map((q) => ({
    name: q.name, ...(withVhost ? { vhost: v.name } : {}), durable: q.options.durable, auto_delete: q.options.autoDelete, arguments: tableToJson(q.options.args),
  }));
}

/** Not the broker's own (amq.* and the default exchange). */
function exchanges(v: VHost, withVhost: boolean): ExchangeDef[] {
  return [...v.exchanges.values()].filter((x) => !x.builtIn).map((x) => ({
    name: x.name, ...(withVhost ? { vhost: v.name } : {}), type: x.type, durable: x.options.durable, auto_delete: x.options.autoDelete,
    internal: x.options.internal, arguments: tableToJson(x.options.args),
  }));
}

/** Bindings from named exchanges (the default exchange's are implicit), not to exclusive queues. */
function bindings(v: VHost, withVhost: boolean): BindingDef[] {
  const out: BindingDef[] = [];
  for (const x of v.exchanges.values()) {
    if (x.name === '') continue;
    for (const b of x.bindings.values()) {
      if (b.destination.kind === 'queue' && v.queue(b.destination.name)?.options.exclusive) continue;
      out.push({
        source: x.name, ...(withVhost ? { vhost: v.name } : {}), destination: b.destination.name, destination_type: b.destination.kind,
        routing_key: b.routingKey, arguments: tableToJson(b.args),
      });
    }
  }
  return out;
}
