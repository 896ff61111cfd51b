// What the routing explanation reads of one vhost, and nothing more: exchanges by name with their
// type, effective alternate exchange and outgoing bindings, and whether a queue exists. The core's
// VHost is one as it stands (its Exchange and Binding have these shapes); a remote broker's
// definitions are another (main/remote/definitions-view.ts), so both are explained by one walk.
import type { FieldTable } from '../../../shared/model/amqp-values';

export interface RoutingView {
  /** the vhost's name */
  readonly name: string;
  exchange(name: string): ExchangeView | undefined;
  /** defined when a queue of that name exists */
  queue(name: string): object | undefined;
  /** the vhost's sandbox clock (absent: real time): a delayed message waits x-delay / this */
  readonly clockScale?: number;
}

export interface ExchangeView {
  readonly name: string;
  /** direct, fanout, topic, headers, or a plugin's type the walk cannot explain */
  readonly type: string;
  /** the argument's, else the applied policy's (RabbitMQ's precedence) */
  readonly alternateExchange: string | undefined;
  /** the declared arguments (x-consistent-hash reads hash-header / hash-property from them) */
  readonly options?: { readonly args: FieldTable };
  readonly bindings: { values(): Iterable<BindingView> };
}

export interface BindingView {
  readonly destination: { readonly name: string; readonly kind: 'queue' | 'exchange' };
  readonly routingKey: string;
  readonly args: FieldTable;
}
