// A message's place in one queue. The same Message may have entries in several queues (fanout).
import type { Message } from '../message';
import type { Consumer } from './consumer';
import type { Queue } from './queue';

export class QueueEntry {
  redelivered = false;
  /** deliveries so far (quorum queues expose it as x-delivery-count) */
  deliveries = 0;
  /** the consumer holding it unacknowledged; null while ready or when fetched with basic.get */
  consumer: Consumer | null = null;
  /** absolute expiry (ms since epoch) from the queue's TTL or the message's expiration; 0 = never */
  expiresAt = 0;
  /** when it was last handed to a client to acknowledge (for consumer timeouts); 0 = not held */
  deliveredAt = 0;
  /** the durable store's handle for this entry; 0 when not stored */
  ref = 0;

  constructor(
    readonly message: Message,
    readonly queue: Queue,
    /** position in the queue: requeued entries go back to their original place */
    readonly seq: number,
  ) {}
}
