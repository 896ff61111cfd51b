// A message's life as the trace store saw it (pure types). Dead-lettering republishes a copy with
// a new message id; every copy shares the original's lineage, so one trace follows them all.
import type { DeadLetterReason } from './events';
import type { JsonTable } from './topology';

export type TraceStep =
  | { kind: 'published'; exchange: string; routingKey: string; connectionId: string | null; connectionName?: string; size: number }
  | { kind: 'routed'; exchange: string; queues: string[]; hops: Array<{ source: string; destination: string; destinationType: 'queue' | 'exchange'; routingKey: string }> }
  | { kind: 'unroutable'; exchange: string; routingKey: string; outcome: 'returned' | 'dropped' }
  | { kind: 'delivered'; queue: string; connectionId: string; consumerTag: string | null; deliveryTag: number; redelivered: boolean }
  | { kind: 'acked'; queue: string; connectionId: string }
  | { kind: 'rejected'; queue: string; connectionId: string; requeue: boolean; method: 'reject' | 'nack' }
  | { kind: 'requeued'; queue: string }
  | { kind: 'expired'; queue: string }
  | { kind: 'dead-lettered'; queue: string; reason: DeadLetterReason; exchange: string; routingKey: string; newMessageId: number; queues: string[]; headersBefore: JsonTable; headersAfter: JsonTable }
  | { kind: 'dropped'; queue: string | null; reason: string };

export interface TraceEntry {
  /** ms since the epoch */
  t: number;
  messageId: number;
  step: TraceStep;
}

export interface TraceLocation {
  queue: string;
  state: 'ready' | 'unacked';
  messageId: number;
  /** for unacked: who holds it */
  connectionId?: string;
  consumerTag?: string | null;
}

export interface TraceSummary {
  lineage: number;
  vhost: string;
  exchange: string;
  routingKey: string;
  first: number;
  last: number;
  steps: number;
  /** the last step's kind */
  lastKind: TraceStep['kind'];
}

export interface Trace {
  lineage: number;
  vhost: string;
  entries: TraceEntry[];
  /** steps not kept because the trace hit its per-message cap */
  omitted: number;
  /** where its copies are now (searched when asked) */
  now: TraceLocation[];
  /** true when no copy is in any queue any more (acked, dropped or expired) */
  gone: boolean;
}

export interface TraceSettings {
  enabled: boolean;
  /** messages (lineages) kept */
  maxMessages: number;
  /** how long a trace is kept after its last step (ms) */
  maxAgeMs: number;
  /** new messages traced per second at most; above that rate the rest are not traced (sampling,
   *  like the canvas markers), which keeps tracing cheap enough to leave on */
  maxPerSecond: number;
}

export interface TraceStatus extends TraceSettings {
  /** listening to the core right now (enabled and a UI is connected) */
  active: boolean;
  /** traces held */
  held: number;
  /** messages published in the last full second that were not traced (over maxPerSecond) */
  notTraced: number;
}
