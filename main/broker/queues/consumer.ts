// The core's view of a consumer. The protocol layer implements it (an AMQP channel's consumer):
// the queue asks `ready()` before each delivery, so prefetch limits, channel.flow and socket
// backpressure all stop deliveries without the queue knowing about any of them.
import type { Client } from '../client';
import type { Credit } from '../delivery/credit';
import type { Queue } from './queue';
import type { QueueEntry } from './queue-entry';

export interface Consumer {
  readonly tag: string;
  readonly noAck: boolean;
  readonly exclusive: boolean;
  /** x-priority: higher-priority consumers get messages first while they can take them */
  readonly priority: number;
  readonly client: Client;
  /** where in its client the consumer lives, as the protocol names it ("channel 2"), for display */
  readonly location: string;
  /** its AMQP channel number, where the protocol has channels (the firehose's channel header) */
  readonly channelNumber?: number;
  /** its own limit on unsettled deliveries (AMQP prefetch); the delivery tracker takes and gives it */
  readonly credit: Credit;
  /** can it take one more message now? */
  ready(): boolean;
  deliver(entry: QueueEntry, queue: Queue): void;
  /** the broker ended this consumer (its queue was deleted): tell the client */
  cancelledByBroker(queue: Queue): void;
}
