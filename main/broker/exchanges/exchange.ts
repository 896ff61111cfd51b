// An exchange: its declared properties and its outgoing bindings. Matching is delegated to the
// type's BindingMatcher; the route walk (e2e hops, alternate exchanges, cycles) is in ../router.ts.
import { MessageStats } from '../message-stats';
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { ExchangeType } from '../../../shared/model/topology';
import { asString, tableGet } from '../field-values';
import { Binding, bindingKey, type BindingMatcher, type Destination } from './binding';
import { DirectMatcher } from './direct';
import { FanoutMatcher } from './fanout';
import { HeadersMatcher } from './headers';
import { TopicMatcher } from './topic';
import type { AppliedPolicy } from '../policies/policy';

export const EXCHANGE_TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];

export function isExchangeType(t: string): t is ExchangeType {
  return (EXCHANGE_TYPES as readonly string[]).includes(t);
}

function matcherFor(type: ExchangeType): BindingMatcher {
  switch (type) {
    case 'direct': return new DirectMatcher();
    case 'fanout': return new FanoutMatcher();
    case 'topic': return new TopicMatcher();
    case 'headers': return new HeadersMatcher();
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

  constructor(
    readonly vhost: string,
    readonly name: string,
    readonly type: ExchangeType,
    readonly options: ExchangeOptions,
  ) {
    this.matcher = matcherFor(type);
  }

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
    return b;
  }

  unbind(b: Binding): void {
    if (!this.bindings.delete(b.key)) return;
    this.matcher.remove(b);
    if (b.destination.kind === 'exchange') b.destination.inbound.delete(b);
    else b.destination.bindings.delete(b);
  }

  findBinding(destination: Destination, routingKey: string, args: FieldTable): Binding | undefined {
    return this.bindings.get(bindingKey(destination, routingKey, args));
  }
}
