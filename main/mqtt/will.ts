// The last will of a connection (MQTT 3.1.1 §3.1.2.5): a PUBLISH kept from CONNECT and routed
// when the connection ends without a DISCONNECT (a lost socket, a keep-alive timeout, a protocol
// error, a takeover).
import type { IConnectPacket, IPublishPacket } from 'mqtt-packet';
import { checkTopicName } from './topics';

export interface WillRoute {
  route(packet: IPublishPacket): boolean;
}

export class Will {
  private readonly packet: IPublishPacket;

  constructor(will: NonNullable<IConnectPacket['will']>) {
    checkTopicName(will.topic);
    const payload = typeof will.payload === 'string' ? Buffer.from(will.payload) : will.payload;
    this.packet = { cmd: 'publish', topic: will.topic, payload, qos: will.qos ?? 0, retain: will.retain ?? false, dup: false };
  }

  /** Route it as its client would have; a will its user may not publish is dropped. */
  publish(via: WillRoute): void {
    try {
      via.route(this.packet);
    } catch {
      // not allowed (topic permissions) or no exchange: a will is best effort
    }
  }
}
