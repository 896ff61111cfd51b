// The routing-key debugger's answer: every binding examined on the way, with its verdict and why.
import type { ExchangeType, JsonTable, JsonValue } from './topology';

export interface HeaderComparison {
  name: string;
  expected: JsonValue;
  actual: JsonValue | null;
  matched: boolean;
}

export interface BindingVerdict {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  /** the binding's routing key or pattern */
  bindingKey: string;
  arguments: JsonTable;
  matched: boolean;
  reason: string;
  /** headers exchanges: the x-match mode and each header compared */
  xMatch?: string;
  headers?: HeaderComparison[];
}

export interface ExchangeVisit {
  exchange: string;
  /** direct, fanout, topic or headers; on a remote broker also a plugin's type (x-delayed-message, ...) */
  type: ExchangeType | (string & {});
  /** how the message got here */
  via: 'published' | 'exchange-binding' | 'alternate-exchange';
  routingKey: string;
  bindings: BindingVerdict[];
  /** set when nothing matched here and the alternate exchange took the message */
  alternateExchange?: string;
  /** set when an x-delayed-message exchange holds the message (x-delay): when it routes it (ISO);
   *  the verdicts are what its x-delayed-type would do now */
  delayedUntil?: string;
  /** set when the exchange's type routes by rules the explanation does not know: why not */
  unexplained?: string;
}

export interface RouteExplanation {
  vhost: string;
  exchange: string;
  /** the routing key, then any CC and BCC keys */
  routingKeys: string[];
  visits: ExchangeVisit[];
  /** destination queues, sorted; empty when unroutable */
  queues: string[];
  outcome: 'routed' | 'returned' | 'dropped';
  mandatory: boolean;
}
