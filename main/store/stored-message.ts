// What the store keeps of a message. Properties stay in their AMQP wire encoding: the store never
// interprets them, and the broker can resend them on delivery without re-encoding.

export interface StoredMessage {
  exchange: string;
  routingKey: string;
  /** Encoded AMQP basic properties (content header property list), opaque to the store. */
  properties: Buffer;
  body: Buffer | readonly Buffer[];
  bodySize: number;
  publishedAt: number;
}

export interface RecoveredEntry {
  /** Handle for markDelivered/remove/read; valid until the message is removed. */
  ref: number;
  message: StoredMessage;
  /** Delivered at least once before the restart: deliver with redelivered=true. */
  delivered: boolean;
}
