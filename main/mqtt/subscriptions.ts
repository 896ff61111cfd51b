// A session's subscriptions: each is a binding from the MQTT exchange to the session's queue of
// its QoS (qos0 for QoS 0, qos1 for QoS 1 and 2). What MQTT 5 adds to a subscription (granted QoS
// 2, its identifier, no-local, retain-as-published) rides on the binding's arguments, so that a
// persistent session gets it all back from its durable bindings, even after a restart; plain
// QoS 0/1 subscriptions are plain bindings, as RabbitMQ makes them.
import type { FieldTable } from '../../shared/model/amqp-values';
import type { Binding } from '../broker/exchanges/binding';
import { toTopic, topicMatches } from '../../shared/model/mqtt-topics';

export interface Subscription {
  filter: string;
  /** the granted QoS */
  qos: 0 | 1 | 2;
  /** MQTT 5 subscription identifier (0: none) */
  identifier: number;
  /** MQTT 5: not sent this session's own publishes */
  noLocal: boolean;
  /** MQTT 5: forwarded with the retain flag they were published with */
  retainAsPublished: boolean;
}

const ARG_QOS = 'x-mqtt-subscription-qos';
const ARG_ID = 'x-mqtt-subscription-id';
const ARG_NO_LOCAL = 'x-mqtt-no-local';
const ARG_RAP = 'x-mqtt-retain-as-published';

/** Which of the session's two queues holds a subscription of QoS `qos`. */
export const queueQos = (qos: number): 0 | 1 => (qos === 0 ? 0 : 1);

/** The binding arguments that carry a subscription's options (none for a plain one). */
export function bindingArgs(s: Subscription): FieldTable {
  const args: FieldTable = [];
  if (s.qos === 2) args.push([ARG_QOS, { type: 'b', value: 2 }]);
  if (s.identifier > 0) args.push([ARG_ID, { type: 'I', value: s.identifier }]);
  if (s.noLocal) args.push([ARG_NO_LOCAL, { type: 't', value: true }]);
  if (s.retainAsPublished) args.push([ARG_RAP, { type: 't', value: true }]);
  return args;
}

/** A subscription read back from its binding to the session's queue of `queue` QoS. */
export function fromBinding(b: Binding, queue: 0 | 1): Subscription {
  const arg = (name: string): unknown => b.args.find(([k]) => k === name)?.[1].value;
  return {
    filter: toTopic(b.routingKey),
    qos: arg(ARG_QOS) === 2 ? 2 : queue,
    identifier: typeof arg(ARG_ID) === 'number' ? (arg(ARG_ID) as number) : 0,
    noLocal: arg(ARG_NO_LOCAL) === true,
    retainAsPublished: arg(ARG_RAP) === true,
  };
}

/** The session's subscriptions by filter, and what a delivery to it needs to know. */
export class SubscriptionTable {
  private readonly byFilter = new Map<string, Subscription>();
  /** some subscription has an option that makes each delivery look its subscriptions up */
  private detailed = false;

  get(filter: string): Subscription | undefined { return this.byFilter.get(filter); }
  get size(): number { return this.byFilter.size; }
  values(): IterableIterator<Subscription> { return this.byFilter.values(); }

  set(s: Subscription): void {
    this.byFilter.set(s.filter, s);
    this.detailed ||= s.qos === 2 || s.identifier > 0 || s.noLocal || s.retainAsPublished;
  }

  delete(filter: string): boolean { return this.byFilter.delete(filter); }

  /** Forget every subscription of one queue (the broker deleted it). */
  dropQueue(queue: 0 | 1): void {
    for (const [f, s] of this.byFilter) if (queueQos(s.qos) === queue) this.byFilter.delete(f);
  }

  /** The subscriptions in queue `queue` that `topic` matches; null when no subscription has
   *  options (the plain case: the queue's QoS is all a delivery needs). */
  matching(topic: string, queue: 0 | 1): Subscription[] | null {
    if (!this.detailed) return null;
    const out: Subscription[] = [];
    for (const s of this.byFilter.values()) if (queueQos(s.qos) === queue && topicMatches(s.filter, topic)) out.push(s);
    return out;
  }
}
