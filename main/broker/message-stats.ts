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

  /** Add another's counts (a connection's are its channels' summed). */
  add(o: MessageCounts): void {
    for (const k of STAT_FIELDS) this[k] += o[k];
  }
}

export const STAT_FIELDS: readonly (keyof MessageCounts)[] = [
  'publish', 'publishIn', 'publishOut', 'deliver', 'deliverNoAck', 'get', 'getNoAck', 'getEmpty', 'ack', 'redeliver', 'confirm', 'returnUnroutable', 'dropUnroutable',
];
