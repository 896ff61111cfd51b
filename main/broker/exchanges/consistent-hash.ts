// x-consistent-hash (rabbitmq-consistent-hash-exchange): a binding's key is its weight, and each
// binding owns that many buckets, numbered in binding order. A message's hash input (its routing
// key, or the `hash-header` header, or the `hash-property` property) is jump-hashed onto the
// buckets, as RabbitMQ 3.10 does: the same input always lands in the same bucket, shares follow the
// weights, and adding a binding moves only the keys that now fall in its buckets.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { BasicProperties } from '../../../shared/model/properties';
import { ChannelError, Reply } from '../errors';
import { asString, describeValue, tableGet } from '../field-values';
import type { Binding, BindingMatcher } from './binding';
import { hashString } from './hash';

/** The properties the plugin can hash on, by their AMQP names. */
const HASH_PROPERTIES = { message_id: 'messageId', correlation_id: 'correlationId', timestamp: 'timestamp' } as const;
type HashProperty = keyof typeof HASH_PROPERTIES;

export type HashSource = { kind: 'routing-key' } | { kind: 'header'; name: string } | { kind: 'property'; name: HashProperty };

/** Where the exchange's arguments say the hash comes from; throws RabbitMQ's 406 for bad ones. */
export function hashSourceOf(args: FieldTable): HashSource {
  const header = tableGet(args, 'hash-header');
  const property = tableGet(args, 'hash-property');
  if (header && property) throw new ChannelError(Reply.PRECONDITION_FAILED, 'hash-header and hash-property are mutually exclusive');
  if (header) {
    const name = asString(header);
    if (!name) throw new ChannelError(Reply.PRECONDITION_FAILED, `hash-header must be a string, got ${describeValue(header)}`);
    return { kind: 'header', name };
  }
  if (property) {
    const name = asString(property);
    if (!name || !(name in HASH_PROPERTIES)) {
      throw new ChannelError(Reply.PRECONDITION_FAILED, `Unsupported property: ${describeValue(property)}; hash-property may be ${Object.keys(HASH_PROPERTIES).join(', ')}`);
    }
    return { kind: 'property', name: name as HashProperty };
  }
  return { kind: 'routing-key' };
}

/** A binding key's weight; throws RabbitMQ's 406 when it is not a positive integer. */
export function weightOf(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new ChannelError(Reply.PRECONDITION_FAILED, `The binding key must be an integer: <<"${key}">>`);
  const w = Number(key);
  if (w < 1) throw new ChannelError(Reply.PRECONDITION_FAILED, 'The binding key must be greater than 0');
  return w;
}

/** What a message without the header or property hashes as: RabbitMQ hashes the absent value
 *  too, so all such messages go to one and the same binding. */
export const ABSENT = '\u0000absent';

/** The string hashed for a message; ABSENT when the header or property is missing. */
export function hashInput(source: HashSource, routingKey: string, props: BasicProperties | undefined): string {
  switch (source.kind) {
    case 'routing-key': return routingKey;
    case 'header': {
      const v = tableGet(props?.headers, source.name);
      return v === undefined ? ABSENT : asString(v) ?? describeValue(v);
    }
    case 'property': {
      const v = props?.[HASH_PROPERTIES[source.name]];
      return v === undefined ? ABSENT : String(v);
    }
  }
}

/** Jump consistent hash (Lamping & Veach) driven by a 32-bit generator seeded with the hash. */
export function bucketOf(input: string, buckets: number): number {
  let state = hashString(input);
  let b = 0;
  let j = 0;
  while (j < buckets) {
    b = j;
    // mulberry32: uniform in (0, 1]
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const r = (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967296;
    j = Math.floor((b + 1) / r);
  }
  return b;
}

export class ConsistentHashMatcher implements BindingMatcher {
  private readonly bindings: Binding[] = [];
  /** bucket -> binding, rebuilt when bindings change (rare) */
  private buckets: Binding[] = [];

  constructor(readonly source: HashSource) {}

  add(b: Binding): void {
    this.bindings.push(b);
    this.rebuild();
  }

  remove(b: Binding): void {
    const i = this.bindings.indexOf(b);
    if (i >= 0) this.bindings.splice(i, 1);
    this.rebuild();
  }

  match(routingKey: string, props: BasicProperties | undefined, out: Binding[]): void {
    if (this.buckets.length === 0) return;
    out.push(this.buckets[bucketOf(hashInput(this.source, routingKey, props), this.buckets.length)]);
  }

  private rebuild(): void {
    const buckets: Binding[] = [];
    for (const b of this.bindings) for (let w = weightOf(b.routingKey); w > 0; w--) buckets.push(b);
    this.buckets = buckets;
  }
}
