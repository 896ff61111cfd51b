// An AMQP consumer (basic.consume) as the core sees it: the queue asks ready() before each
// delivery, and the answer folds in prefetch, channel.flow and the socket's backpressure.
import type { Client } from '../../broker/client';
import type { Consumer } from '../../broker/queues/consumer';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import type { Channel } from './channel';

export class AmqpConsumer implements Consumer {
  /** messages delivered to this consumer and not yet settled */
  unacked = 0;

  constructor(
    readonly channelRef: Channel,
    readonly queue: Queue,
    readonly tag: string,
    readonly noAck: boolean,
    readonly exclusive: boolean,
    readonly priority: number,
    /** basic.qos prefetch_count (global=false) in force when the consumer was created; 0 = none */
    readonly prefetch: number,
  ) {}

  get client(): Client { return this.channelRef.client; }
  get channel(): number { return this.channelRef.id; }

  ready(): boolean {
    if (this.noAck) return this.channelRef.canDeliver();
    if (this.prefetch > 0 && this.unacked >= this.prefetch) return false;
    return this.channelRef.canDeliverAcked();
  }

  deliver(entry: QueueEntry, queue: Queue): void {
    this.channelRef.deliver(this, entry, queue);
  }

  cancelledByBroker(queue: Queue): void {
    this.channelRef.consumerCancelledByBroker(this, queue);
  }
}
