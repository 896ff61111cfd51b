// What the window does with MQTT (main/bridge's MqttTools, handed over by main/server/warren.ts so
// the bridge never imports this layer): the retained messages of a vhost with their history,
// clearing one, and publishing as an MQTT client's PUBLISH would, through the same translation
// (publish.ts) and retained store as a connection's.
import type { IPublishPacket } from 'mqtt-packet';
import type { Broker } from '../broker/broker';
import { checkTopicName } from '../../shared/model/mqtt-topics';
import { messageFromPublish, retainPublished } from './publish';
import type { MqttShared } from './registry';
import type { RetainedMessage } from './retained';
import { exchangeFor, type MqttSettings } from './settings';

/** A publish from the window: a PUBLISH packet's topic, payload, flags and MQTT 5 properties. */
export type WindowPublish = Pick<IPublishPacket, 'topic' | 'payload' | 'qos' | 'retain' | 'properties'>;

export class MqttWindow {
  constructor(private readonly broker: Broker, private readonly settings: MqttSettings, private readonly shared: MqttShared) {}

  /** the exchange MQTT publishes to in `vhost` (mqtt.exchange) */
  exchange(vhost: string): string {
    return exchangeFor(this.settings, vhost);
  }

  /** each retained topic's values, oldest first, the last the retained one */
  retained(vhost: string): RetainedMessage[][] {
    return this.shared.retained.list(vhost).map((m) => this.shared.retained.historyOf(vhost, m.topic));
  }

  /** one topic's values, oldest first ([] when none is retained) */
  history(vhost: string, topic: string): RetainedMessage[] {
    return this.shared.retained.historyOf(vhost, topic);
  }

  /** Clear a topic's retained message, as an empty retained PUBLISH does; false if it had none. */
  deleteRetained(vhost: string, topic: string): boolean {
    const had = this.shared.retained.historyOf(vhost, topic).length > 0;
    this.shared.retained.retain(vhost, { topic, payload: Buffer.alloc(0), qos: 0 });
    return had;
  }

  /** Route a PUBLISH through the vhost's MQTT exchange and retain it if asked. Throws TopicError
   *  for a bad topic, the core's errors for a missing or internal exchange. */
  publish(vhostName: string, p: WindowPublish): { messageId: number; routed: number; queues: string[] } {
    checkTopicName(p.topic);
    const v = this.broker.vhost(vhostName);
    if (!v) throw new Error(`no vhost '${vhostName}'`);
    const packet: IPublishPacket = { cmd: 'publish', dup: false, ...p };
    const message = messageFromPublish(this.exchange(vhostName), packet);
    const x = v.publishTarget(message.exchange);
    const queues = v.dryRoute(x, message.routingKey, message.properties.headers ?? []).sort();
    const { routed } = v.publish(x, message, false, null);
    retainPublished(this.shared.retained, vhostName, packet);
    return { messageId: message.id, routed, queues };
  }
}
