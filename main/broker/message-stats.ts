// Message counters, always on: plain numbers bumped where messages pass (publish, deliver, get,
// ack, confirm, return), nothing allocated per message. The management API reads them and works
// out rates itself (main/http/rates.ts), so the message path never keeps time.
import type { MessageCounts } from '../../shared/model/topology';

export class MessageStats implements MessageCounts {
  /** published into a queue (queue) or by a channel (channel, vhost) */
  publish = 0;
  /** published to an exchange, and routed on from it (exchanges) */
  publishIn = 0;
  publishOut = 0;
  deliver = 0;
  deliverNoAck = 0;
  get = 0;
  getNoAck = 0;
  getEmpty = 0;
  ack = 0;
  redeliver = 0;
  confirm = 0;
  returnUnroutable = 0;
  dropUnroutable = 0;

}

export const STAT_FIELDS: readonly (keyof MessageCounts)[] = [
  'publish', 'publishIn', 'publishOut', 'deliver', 'deliverNoAck', 'get', 'getNoAck', 'getEmpty', 'ack', 'redeliver', 'confirm', 'returnUnroutable', 'dropUnroutable',
];

/** What a queue counts of a message leaving it (its `publish` is an enqueue, not a publish). */
const QUEUE_OUT: readonly (keyof MessageCounts)[] = ['deliver', 'deliverNoAck', 'get', 'getNoAck', 'getEmpty', 'ack', 'redeliver'];

export function addQueueCounts(into: MessageCounts, q: MessageCounts): void {
  for (const k of QUEUE_OUT) into[k] += q[k];
}
