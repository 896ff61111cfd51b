// The last will of a connection (MQTT 3.1.1 §3.1.2.5): a PUBLISH kept from CONNECT and routed
// when the connection ends without a DISCONNECT (a lost socket, a keep-alive timeout, a protocol
// error, a takeover). MQTT 5 adds its publish properties and a delay, within which a reconnect of
// the same client id cancels it.
import type { IConnectPacket, IPublishPacket } from 'mqtt-packet';
import { checkTopicName } from '../../shared/model/mqtt-topics';

export interface WillRoute {
  route(packet: IPublishPacket): unknown;
}

export class Will {
  private readonly packet: IPublishPacket;
  /** MQTT 5 will delay, seconds */
  readonly delay: number;

  constructor(will: NonNullable<IConnectPacket['will']>) {
    checkTopicName(will.topic);
    const payload = typeof will.payload === 'string' ? Buffer.from(will.payload) : will.payload;
    const { willDelayInterval, ...properties } = will.properties ?? {};
    this.delay = willDelayInterval ?? 0;
    this.packet = { cmd: 'publish', topic: will.topic, payload, qos: will.qos ?? 0, retain: will.retain ?? false, dup: false };
    if (will.properties) this.packet.properties = properties;
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
