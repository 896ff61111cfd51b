// A binding: source exchange -> destination (queue or exchange), with a routing key and arguments.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { BasicProperties } from '../../../shared/model/properties';
import { describeValue } from '../field-values';
import type { Exchange } from './exchange';
import type { Queue } from '../queues/queue';

export type Destination = Queue | Exchange;

export class Binding {
  /** Identity as RabbitMQ defines it: (source, destination, routing key, arguments). */
  readonly key: string;
  /** set by a routing pass that has already collected this binding (dedupes overlapping patterns) */
  stamp = 0;

  constructor(
    readonly source: Exchange,
    readonly destination: Destination,
    readonly routingKey: string,
    readonly args: FieldTable,
  ) {
    this.key = bindingKey(destination, routingKey, args);
  }
}

export function bindingKey(destination: Destination, routingKey: string, args: FieldTable): string {
  const a = args.length ? args.map(([k, v]) => `${k}=${v.type}:${describeValue(v)}`).sort().join('&') : '';
  return `${destination.kind}\u0000${destination.name}\u0000${routingKey}\u0000${a}`;
}

/** What a type-specific matcher stores and answers: which bindings match a message. */
export interface BindingMatcher {
  add(binding: Binding): void;
  remove(binding: Binding): void;
  /** Push every matching binding onto `out` exactly once. `stamp` is unique per routing pass;
   *  `props`, the message's properties (headers and the hashing types read them). */
  match(routingKey: string, props: BasicProperties | undefined, out: Binding[], stamp: number): void;
}
