// The message.delivered trace event, the same for every protocol's deliveries (AMQP basic.deliver
// and basic.get-ok, MQTT PUBLISH): emitted only for traced messages while someone watches.
import type { EventBus } from '../events';
import type { Queue } from '../queues/queue';
import type { QueueEntry } from '../queues/queue-entry';

/** The message.delivered trace event (only for traced messages while someone watches). */
export function traceDelivered(events: EventBus, connectionId: string, entry: QueueEntry, queue: Queue, consumerTag: string | null, tag: number): void {
  const m = entry.message;
  if (!events.active || !m.traced) return;
  events.emit({
    type: 'message.delivered', vhost: queue.vhost, messageId: m.id, queue: queue.name, consumerTag,
    connectionId, deliveryTag: tag, redelivered: entry.redelivered, weight: m.traced,
  });
}
