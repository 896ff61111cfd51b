// Snapshots of a vhost's topology for the UI, and the queue form's fields as x-arguments.
import type { PublisherLink, QueueDeclareRequest, TopologySnapshot } from '../../shared/ipc/contract';
import type { FieldTable } from '../../shared/model/amqp-values';
import { argumentsOf } from '../../shared/model/queue-arguments';
import type { ConsumerInfo } from '../../shared/model/topology';
import type { Broker } from '../broker/broker';
import { jsonToTable } from '../broker/field-json';
import { bindingInfo, exchangeInfo, queueInfo } from '../broker/snapshot';
import type { VHost } from '../broker/vhost';

export function snapshotOf(broker: Broker, vhost: VHost, publishers: PublisherLink[]): TopologySnapshot {
  const consumers: ConsumerInfo[] = [];
  for (const q of vhost.queues.values()) {
    for (const c of q.consumers) {
      consumers.push({
        vhost: vhost.name, queue: q.name, tag: c.tag, connectionId: c.client.info.id, location: c.location,
        noAck: c.noAck, exclusive: c.exclusive, prefetch: c.credit.limit,
      });
    }
  }
  return {
    vhost: vhost.name,
    vhosts: [...broker.vhosts.keys()],
    clockScale: vhost.clockScale,
    exchanges: [...vhost.exchanges.values()].map(exchangeInfo),
    queues: [...vhost.queues.values()].map(queueInfo),
    bindings: [...vhost.exchanges.values()].flatMap((x) => [...x.bindings.values()].map(bindingInfo)),
    connections: broker.connections().filter((c) => c.vhost === vhost.name),
    consumers,
    publishers,
  };
}

/** The queue form's fields -> x-arguments. */
export const queueArguments = (r: QueueDeclareRequest): FieldTable => jsonToTable(argumentsOf(r));
