// What the core knows of a connected client. Protocol layers implement it; the core never sees a
// socket. `close` lets the UI (or a shutdown) end the connection with a reason.
import type { ChannelInfo, ConnectionInfo } from '../../shared/model/topology';
import type { QueueEntry } from './queues/queue-entry';

export interface Client {
  readonly info: ConnectionInfo;
  close(replyCode: number, reason: string): void;
  /** Messages this client holds unacknowledged, with where: for the message browser and the
   *  connections view (walked on request, so the message path pays nothing for it). */
  unacked(): Iterable<HeldMessage>;
  /** Channels and their consumers, for the connections view. */
  channels(): ChannelInfo[];
}

export interface HeldMessage {
  entry: QueueEntry;
  channel: number;
  deliveryTag: number;
  consumerTag: string | null;
}
