// x-recent-history (rabbitmq-recent-history-exchange): routes like fanout, and keeps the last N
// messages published to it (x-recent-history-length, default 20) to hand, oldest first, to each
// queue newly bound to it. A message with the header x-recent-history-no-store = true is not kept.
import type { FieldTable } from '../../../shared/model/amqp-values';
import { ChannelError, Reply } from '../errors';
import { asBoolean, asNumber, describeValue, tableGet } from '../field-values';
import type { Message } from '../message';

export const DEFAULT_HISTORY_LENGTH = 20;
const INTEGER_TYPES = new Set(['b', 'B', 's', 'u', 'I', 'i', 'l']);

/** The history length the arguments ask for; throws RabbitMQ's 406 for a bad one. */
export function historyLengthOf(args: FieldTable): number {
  const v = tableGet(args, 'x-recent-history-length');
  if (v === undefined) return DEFAULT_HISTORY_LENGTH;
  // RabbitMQ accepts the integer field types only
  const n = INTEGER_TYPES.has(v.type) ? asNumber(v) : undefined;
  if (n === undefined || n <= 0) throw new ChannelError(Reply.PRECONDITION_FAILED, `Invalid argument ${describeValue(v)}, 'x-recent-history-length' must be a positive integer`);
  return n;
}

/** A ring of the last `length` messages; the bodies are shared, never copied. */
export class RecentHistory {
  private readonly ring: Message[] = [];
  private next = 0;

  constructor(readonly length: number) {}

  remember(m: Message): void {
    if (asBoolean(tableGet(m.properties.headers, 'x-recent-history-no-store')) === true) return;
    if (this.ring.length < this.length) this.ring.push(m);
    else {
      this.ring[this.next] = m;
      this.next = (this.next + 1) % this.length;
    }
  }

  /** oldest first */
  messages(): Message[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  get size(): number { return this.ring.length; }
}
