// An MQTT session's consumer on one of its subscription queues, as the core sees it: the QoS 0
// queue's settles as it is sent (no-ack), the QoS 1 queue's is held until PUBACK (or PUBCOMP),
// limited by the session's in-flight window.
import type { Client } from '../broker/client';
import { Credit } from '../broker/delivery/credit';
import type { Consumer } from '../broker/queues/consumer';
import type { Queue } from '../broker/queues/queue';
import type { QueueEntry } from '../broker/queues/queue-entry';
import type { Subscription } from './subscriptions';

export interface ConsumerHost {
  readonly client: Client;
  /** false while the socket is backed up or the session is closing */
  canDeliver(): boolean;
  /** room in the session's in-flight window (receive maximum, mqtt.prefetch) */
  canHold(): boolean;
  deliver(consumer: MqttConsumer, entry: QueueEntry): void;
  cancelledByBroker(consumer: MqttConsumer): void;
}

/** Where an MQTT session's consumers live, for display (one per connection). */
export const MQTT_LOCATION = 'session';

export class MqttConsumer implements Consumer {
  readonly exclusive = false;
  readonly priority = 0;
  readonly location = MQTT_LOCATION;
  /** the session's window is the host's; a consumer's own is unlimited */
  readonly credit = new Credit();

  constructor(
    private readonly host: ConsumerHost,
    readonly queue: Queue,
    readonly tag: string,
    readonly noAck: boolean,
    /** the shared subscription ($share/group/filter) this consumer serves; null on the session's own queues */
    readonly shared: Subscription | null,
  ) {}

  get client(): Client { return this.host.client; }

  ready(): boolean {
    return this.host.canDeliver() && (this.noAck || this.host.canHold());
  }

  deliver(entry: QueueEntry, _queue: Queue): void { this.host.deliver(this, entry); }

  cancelledByBroker(_queue: Queue): void { this.host.cancelledByBroker(this); }
}
