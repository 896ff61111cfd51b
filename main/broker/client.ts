// What the core knows of a connected client. Protocol layers implement it; the core never sees a
// socket. `close` lets the UI (or a shutdown) end the connection for a reason each protocol
// states its own way (AMQP: connection.close 320 CONNECTION_FORCED).
import type { ConnectionInfo, ProtocolView } from '../../shared/model/topology';
import type { QueueEntry } from './queues/queue-entry';

/** Why the broker (not the client) ends a connection. */
export type CloseKind =
  /** the broker is stopping */
  | 'shutdown'
  /** an operator closed it (the UI, later the management API) */
  | 'admin'
  /** its virtual host was deleted */
  | 'vhost-deleted';

export interface CloseReason {
  kind: CloseKind;
  /** said to the client and logged */
  text: string;
}

export interface Client {
  readonly info: ConnectionInfo;
  close(reason: CloseReason): void;
  /** Messages this client holds unacknowledged, with where: for the message browser and the
   *  connections view (walked on request, so the message path pays nothing for it). */
  unacked(): Iterable<HeldMessage>;
  /** The protocol's own view of the connection (AMQP: channels and their consumers), for the UI. */
  details(): ProtocolView;
  /** Open channels, for the users' max-channels limit (protocols without channels leave it out). */
  channelCount?(): number;
}

export interface HeldMessage {
  entry: QueueEntry;
  /** where in the client it is held, as the protocol names it ("channel 2"), for display */
  location: string;
  deliveryTag: number;
  consumerTag: string | null;
}

/** RabbitMQ names a network connection by its two ends: "127.0.0.1:54321 -> 127.0.0.1:5672"
 *  (the management API, the firehose's headers); an in-memory client by its id. */
export function clientName(c: Client): string {
  return connectionName(c.info);
}

/** clientName from what the UI model holds of a connection (it may be gone already). */
export function connectionName(info: ConnectionInfo): string {
  const { peer, local } = info;
  return peer && local ? `${peer.host}:${peer.port} -> ${local.host}:${local.port}` : info.id;
}
