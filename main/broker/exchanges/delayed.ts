// x-delayed-message (rabbitmq-delayed-message-exchange): the exchange routes by the rules of its
// x-delayed-type; a message with a positive x-delay header (ms) is held and routed when due, to
// the bindings of that time. The held messages and their timer are delayed-messages.ts.
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import type { ExchangeType } from '../../../shared/model/topology';
import { ChannelError, ConnectionError, Reply } from '../errors';
import { asNumber, asString, tableGet } from '../field-values';

export const DELAYED_TYPE = 'x-delayed-message';
/** The plugin's longest delay: an Erlang timer's limit, (2^32)-1 ms. Longer ones route at once. */
export const MAX_DELAY = 4294967295;

const INTEGER_TYPES = new Set(['b', 'B', 's', 'u', 'I', 'i', 'l']);
const FLOAT_TYPES = new Set(['f', 'd', 'D']);

/** The type an x-delayed-message exchange routes by; throws the plugin's errors for a bad one. */
export function delayedTypeOf(args: FieldTable, isType: (t: string) => t is ExchangeType): ExchangeType {
  const t = asString(tableGet(args, 'x-delayed-type'));
  if (t === undefined || t === DELAYED_TYPE) {
    throw new ChannelError(Reply.PRECONDITION_FAILED, `Invalid argument, 'x-delayed-type' must be an existing exchange type`);
  }
  // RabbitMQ's check of a declared type: an unknown one is a connection error
  if (!isType(t)) throw new ConnectionError(Reply.COMMAND_INVALID, `unknown exchange type '${t}'`);
  return t;
}

/** The message's delay in ms, as the plugin reads x-delay: integer types as they are, floats
 *  truncated, strings parsed; 0 when it routes at once (absent, unreadable, not positive, or
 *  past MAX_DELAY). */
export function delayOf(headers: FieldTable | undefined): number {
  const v = tableGet(headers, 'x-delay');
  if (v === undefined) return 0;
  const n = readDelay(v);
  return n !== undefined && n > 0 && n <= MAX_DELAY ? n : 0;
}

function readDelay(v: FieldValue): number | undefined {
  if (INTEGER_TYPES.has(v.type)) return asNumber(v);
  if (FLOAT_TYPES.has(v.type)) return Math.trunc(asNumber(v)!);
  const s = asString(v);
  return s !== undefined && /^[+-]?\d+$/.test(s.trim()) ? Number(s) : undefined;
}

/** The headers a due message is routed with: x-delay becomes -delay, as the plugin does, so it is
 *  not delayed again and consumers can tell it went through a delayed exchange. */
export function releasedHeaders(headers: FieldTable, delay: number): FieldTable {
  const v: FieldValue = delay <= 0x7fffffff ? { type: 'I', value: -delay } : { type: 'l', value: BigInt(-delay) };
  return headers.map(([k, old]) => [k, k === 'x-delay' ? v : old]);
}
