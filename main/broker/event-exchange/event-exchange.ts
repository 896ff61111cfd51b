// amq.rabbitmq.event (rabbitmq_event_exchange): a durable, internal topic exchange in one vhost
// ("/", the plugin's default) onto which the core's events are published as RabbitMQ's plugin
// publishes them (event-headers.ts), from every vhost. It listens to the event bus only while
// something is bound to it (the plugin's has_any_bindings): unbound, the broker builds no events
// for it and no message; bound, it never asks for message events, so publishing stays unwatched.
import type { BrokerEvent } from '../../../shared/model/events';
import type { Broker } from '../broker';
import { Exchange } from '../exchanges/exchange';
import { Message } from '../message';
import { NODE_NAME } from '../node-name';
import { eventMessages, type EventScope } from './event-headers';

export const EVENT_EXCHANGE = 'amq.rabbitmq.event';
/** rabbitmq_event_exchange.vhost's default (rabbit.default_vhost) */
export const EVENT_VHOST = '/';

const EMPTY = Buffer.alloc(0);

export class EventExchange {
  private unsubscribe: (() => void) | null = null;
  private readonly scope: EventScope;

  constructor(private readonly broker: Broker, readonly vhostName = EVENT_VHOST) {
    const events = broker.events;
    this.scope = {
      node: NODE_NAME,
      get actor() { return events.actor; },
      exchangeArgs: (vhost, name) => broker.vhost(vhost)?.exchange(name)?.options.args,
      queueArgs: (vhost, name) => broker.vhost(vhost)?.queue(name)?.options.args,
      client: (id) => broker.clients.get(id),
    };
  }

  /** Declare the exchange in its vhost (as the plugin does at boot). */
  install(): void {
    const v = this.broker.vhost(this.vhostName);
    if (!v || v.exchanges.has(EVENT_EXCHANGE)) return;
    const x = new Exchange(v.name, EVENT_EXCHANGE, 'topic', { durable: true, autoDelete: false, internal: true, args: [] });
    x.onBindingsChanged = (count) => this.listen(count > 0);
    v.exchanges.set(EVENT_EXCHANGE, x);
  }

  private listen(on: boolean): void {
    if (on && !this.unsubscribe) this.unsubscribe = this.broker.events.subscribe((e) => this.publish(e), { messages: false });
    else if (!on && this.unsubscribe) { this.unsubscribe(); this.unsubscribe = null; }
  }

  private publish(e: BrokerEvent): void {
    const v = this.broker.vhost(this.vhostName);
    const x = v?.exchange(EVENT_EXCHANGE);
    if (!v || !x || x.bindings.size === 0) return;
    const out = eventMessages(e, this.scope);
    if (out.length === 0) return;
    const now = Date.now();
    const timestamp = BigInt(Math.floor(now / 1000));
    for (const { key, headers } of out) {
      headers.push(['timestamp_in_ms', { type: 'l', value: BigInt(now) }]);
      // the plugin's properties: persistent, the time in seconds (0-9-1's timestamp), the rest in headers
      const m = new Message(EVENT_EXCHANGE, key, { deliveryMode: 2, timestamp, headers }, null, EMPTY, 0, now);
      v.publishTrace(x, m);
    }
  }
}
