// An exchange: its declared properties and its outgoing bindings. Matching is delegated to the
// type's BindingMatcher; the route walk (e2e hops, alternate exchanges, cycles) is in ../router.ts.
import { MessageStats } from '../message-stats';
import type { FieldTable } from '../../../shared/model/amqp-values';
import { EXCHANGE_TYPES, type ExchangeType } from '../../../shared/model/topology';
import { asString, tableGet } from '../field-values';
import { Binding, bindingKey, type BindingMatcher, type Destination } from './binding';
import { DirectMatcher } from './direct';
import { FanoutMatcher } from './fanout';
import { HeadersMatcher } from './headers';
import { TopicMatcher } from './topic';
import { ConsistentHashMatcher, hashSourceOf, weightOf } from './consistent-hash';
import { ModulusHashMatcher } from './modulus-hash';
import { RandomMatcher } from './random';
import { historyLengthOf, RecentHistory } from './recent-history';
import { DELAYED_TYPE, delayedTypeOf } from './delayed';
import { DelayedMessages } from './delayed-messages';
import type { AppliedPolicy } from '../policies/policy';

export { EXCHANGE_TYPES };

export function isExchangeType(t: string): t is ExchangeType {
  return (EXCHANGE_TYPES as readonly string[]).includes(t);
}

/** Throws the channel error RabbitMQ gives when a type's declare arguments are bad. */
export function validateExchangeArguments(type: ExchangeType, args: FieldTable): void {
  if (type === 'x-consistent-hash') hashSourceOf(args);
  else if (type === 'x-recent-history') historyLengthOf(args);
  // the plugin checks the arguments as its delayed type would too
  else if (type === DELAYED_TYPE) validateExchangeArguments(delayedTypeOf(args, isExchangeType), args);
}

/** The type whose rules route a message: an x-delayed-message exchange's x-delayed-type. */
export function routingTypeOf(type: ExchangeType, args: FieldTable): ExchangeType {
  return type === DELAYED_TYPE ? delayedTypeOf(args, isExchangeType) : type;
}

/** Throws the channel error RabbitMQ gives when a binding key means nothing to the type. */
export function validateBindingKey(type: ExchangeType, key: string): void {
  if (type === 'x-consistent-hash') weightOf(key);
}

function matcherFor(type: ExchangeType, args: FieldTable): BindingMatcher {
  switch (type) {
    case 'direct': return new DirectMatcher();
    case 'fanout': return new FanoutMatcher();
    case 'topic': return new TopicMatcher();
    case 'headers': return new HeadersMatcher();
    case 'x-consistent-hash': return new ConsistentHashMatcher(hashSourceOf(args));
    case 'x-random': return new RandomMatcher();
    case 'x-recent-history': return new FanoutMatcher();
    case 'x-modulus-hash': return new ModulusHashMatcher();
    case 'x-delayed-message': throw new Error('an x-delayed-message exchange matches by its x-delayed-type');
  }
}

export interface ExchangeOptions {
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  args: FieldTable;
}

export class Exchange {
  readonly kind = 'exchange' as const;
  /** outgoing bindings by identity */
  readonly bindings = new Map<string, Binding>();
  /** bindings from other exchanges into this one (exchange-to-exchange), kept for cleanup */
  readonly inbound = new Set<Binding>();
  /** publish_in and publish_out */
  readonly stats = new MessageStats();
  /** set by a routing pass that already visited this exchange (cycle guard) */
  stamp = 0;
  readonly matcher: BindingMatcher;
  /** the type whose rules match bindings: `type`, or an x-delayed-message's x-delayed-type */
  readonly routingType: ExchangeType;
  /** x-recent-history's kept messages; null for every other type (one check per publish) */
  readonly history: RecentHistory | null;
  /** x-delayed-message's held messages; null for every other type (one check per publish) */
  readonly delayed: DelayedMessages | null;

  constructor(
    readonly vhost: string,
    readonly name: string,
    readonly type: ExchangeType,
    readonly options: ExchangeOptions,
  ) {
    this.routingType = routingTypeOf(type, options.args);
    this.matcher = matcherFor(this.routingType, options.args);
    this.history = this.routingType === 'x-recent-history' ? new RecentHistory(historyLengthOf(options.args)) : null;
    this.delayed = type === DELAYED_TYPE ? new DelayedMessages() : null;
  }

  /** told the number of bindings after each change (amq.rabbitmq.event listens only while bound); null for others */
  onBindingsChanged: ((count: number) => void) | null = null;

  /** the policies applying to it; null: none */
  policy: AppliedPolicy | null = null;

  /** the argument wins over a policy's alternate-exchange, as in RabbitMQ */
  get alternateExchange(): string | undefined {
    return asString(tableGet(this.options.args, 'alternate-exchange')) ?? (this.policy?.definition['alternate-exchange'] as string | undefined);
  }

  /** amq.* and the default exchange are the broker's own */
  get builtIn(): boolean {
    return this.name === '' || this.name.startsWith('amq.');
  }

  bind(destination: Destination, routingKey: string, args: FieldTable): Binding | null {
    const key = bindingKey(destination, routingKey, args);
    if (this.bindings.has(key)) return null;
    const b = new Binding(this, destination, routingKey, args);
    this.bindings.set(key, b);
    this.matcher.add(b);
    if (destination.kind === 'exchange') destination.inbound.add(b);
    else destination.bindings.add(b);
    this.onBindingsChanged?.(this.bindings.size);
    return b;
  }

  unbind(b: Binding): void {
    if (!this.bindings.delete(b.key)) return;
    this.matcher.remove(b);
    if (b.destination.kind === 'exchange') b.destination.inbound.delete(b);
    else b.destination.bindings.delete(b);
    this.onBindingsChanged?.(this.bindings.size);
  }

  findBinding(destination: Destination, routingKey: string, args: FieldTable): Binding | undefined {
    return this.bindings.get(bindingKey(destination, routingKey, args));
  }
}
