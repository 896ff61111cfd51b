// A published message as the core holds it. One Message may sit in many queues (fanout): each
// queue wraps it in its own QueueEntry. The body is never copied: it is the protocol layer's view
// of the bytes it received.
import type { BasicProperties } from '../../shared/model/amqp-values';

export type Body = Buffer | readonly Buffer[];

let nextMessageId = 1;

export class Message {
  /** Process-wide id, for traces and the UI (not an AMQP field). */
  readonly id: number;
  /** The id of the message this one descends from (dead-lettering republishes a copy): traces follow it. */
  lineage: number;
  /** Followed event by event while the broker is watched: the sample's weight, or 0 (see EventBus.sampleMessage). */
  traced = 0;

  constructor(
    public exchange: string,
    public routingKey: string,
    public properties: BasicProperties,
    /** The properties' wire encoding, reusable on delivery; null once the core changed properties. */
    public rawProperties: Buffer | null,
    readonly body: Body,
    readonly bodySize: number,
    readonly publishedAt: number,
    /** given when a message comes back from a packed queue tail; new messages take the next id */
    id?: number,
  ) {
    this.id = id ?? nextMessageId++;
    this.lineage = this.id;
  }

  get persistent(): boolean { return this.properties.deliveryMode === 2; }
  get priority(): number { return this.properties.priority ?? 0; }

  /** Replace the properties (dead-lettering, CC/BCC removal): the raw encoding is no longer valid. */
  setProperties(p: BasicProperties): void {
    this.properties = p;
    this.rawProperties = null;
  }
}

export function bodyBuffer(body: Body): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.concat(body as Buffer[]);
}
