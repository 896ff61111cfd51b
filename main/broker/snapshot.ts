// Plain-data views of core objects, for events, the UI and the CLI.
import type { BindingInfo, ExchangeInfo, JsonTable, PolicyInfo, QueueInfo } from '../../shared/model/topology';
import type { AppliedPolicy } from './policies/policy';
import type { Binding } from './exchanges/binding';
import type { Exchange } from './exchanges/exchange';
import { tableToJson } from './field-json';
import type { Queue } from './queues/queue';

export function exchangeInfo(x: Exchange): ExchangeInfo {
  return {
    vhost: x.vhost, name: x.name, type: x.type, durable: x.options.durable, autoDelete: x.options.autoDelete,
    internal: x.options.internal, arguments: tableToJson(x.options.args),
    ...policyInfo(x.policy),
  };
}

export function queueInfo(q: Queue): QueueInfo {
  return {
    vhost: q.vhost, name: q.name, durable: q.options.durable, exclusive: q.options.exclusive, autoDelete: q.options.autoDelete,
    arguments: tableToJson(q.options.args), ready: q.messageCount, unacked: q.unacked, consumers: q.consumerCount,
    ...(q.owner ? { owner: q.owner.info.id } : {}),
    ...policyInfo(q.policy),
  };
}

function policyInfo(p: AppliedPolicy | null): { policy?: PolicyInfo } {
  if (!p) return {};
  return { policy: { name: p.policy?.name ?? null, operator: p.operator?.name ?? null, definition: p.definition as JsonTable } };
}

export function bindingInfo(b: Binding): BindingInfo {
  return {
    vhost: b.source.vhost, source: b.source.name, destination: b.destination.name, destinationType: b.destination.kind,
    routingKey: b.routingKey, arguments: tableToJson(b.args),
  };
}
