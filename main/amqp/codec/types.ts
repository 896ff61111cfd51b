// The codec's public types: what the frame parser yields and what the encoders take.
// The server layer codes against these; the codec modules implement them.

import type { BasicProperties, FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import type { MethodArgs, MethodName } from '../spec';

export type { BasicProperties, FieldTable, FieldValue, MethodArgs, MethodName };

/** A decoded method. `name` discriminates `args`. Delivery tags are JS numbers (2^53 is ample). */
export type Method = { [N in MethodName]: { name: N; classId: number; methodId: number; args: MethodArgs[N] } }[MethodName];

export type Frame =
  | { type: 'method'; channel: number; method: Method }
  /** A content header. `rawProperties` is the property-flags word and property list exactly as received
   *  (a view into the receive buffer), so it can be forwarded on delivery without re-encoding. */
  | { type: 'header'; channel: number; classId: number; bodySize: number; rawProperties: Buffer }
  /** A body frame's payload: a view into the receive buffer, not a copy, where the frame arrived whole. */
  | { type: 'body'; channel: number; payload: Buffer }
  | { type: 'heartbeat'; channel: number };
