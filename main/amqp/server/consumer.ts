// An AMQP consumer (basic.consume) as the core sees it: the queue asks ready() before each
// delivery, and the answer folds in prefetch, channel.flow and the socket's backpressure.
import type { Client } from '../../broker/client';
import { Credit } from '../../broker/delivery/credit';
import type { Consumer } from '../../broker/queues/consumer';
import type { Queue } from '../../broker/queues/queue';
import type { QueueEntry } from '../../broker/queues/queue-entry';
import type { FieldTable } from '../codec/types';
import type { Channel } from './channel';

export interface ConsumeOptions {
  noAck: boolean;
  exclusive: boolean;
  priority: number;
  args: FieldTable;
}

export class AmqpConsumer implements Consumer {
  /** basic.qos prefetch_count (global=false) in force when the consumer was created; 0 = none */
  readonly credit: Credit;
  readonly location: string;
  readonly noAck: boolean;
  readonly exclusive: boolean;
  readonly priority: number;
  /** basic.consume's arguments, kept for the management API's consumer list */
  readonly args: FieldTable;

  constructor(readonly channel: Channel, readonly queue: Queue, readonly tag: string, opts: ConsumeOptions, prefetch: number) {
    ({ noAck: this.noAck, exclusive: this.exclusive, priority: this.priority, args: this.args } = opts);
    this.credit = new Credit(prefetch);
    this.location = channelLocation(channel.id);
  }

  get client(): Client { return this.channel.client; }
  get channelNumber(): number { return this.channel.id; }

  ready(): boolean {
    if (this.noAck) return this.channel.canDeliver();
    return this.credit.available && this.channel.canDeliverAcked();
  }

  deliver(entry: QueueEntry, queue: Queue): void {
    this.channel.deliver(this, entry, queue);
  }

  cancelledByBroker(queue: Queue): void {
    this.channel.consumerCancelledByBroker(this, queue);
  }
}

/** How the UI names the place of a consumer or a held message on an AMQP connection. */
export function channelLocation(id: number): string {
  return `channel ${id}`;
}
