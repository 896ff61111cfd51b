// x-delayed-message on the publish path: a message with a positive x-delay is held by its exchange
// (exchanges/delayed-messages.ts) instead of routed, kept in the store when the exchange is
// durable and the message persistent, and published again through the vhost when due.
import { delayOf, releasedHeaders } from './exchanges/delayed';
import type { Exchange } from './exchanges/exchange';
import type { Message } from './message';
import type { MessagePersistence } from './persistence';
import type { PublishResult, VHost } from './vhost';

/** Hold `m` if it has a positive x-delay (due after delay / clockScale of real time). A held message counts as accepted: the plugin cannot
 *  know its route yet, so no basic.return, and the confirm goes at once (once stored). */
export function holdDelayed(x: Exchange, m: Message, result: PublishResult, persistence: MessagePersistence | null, clockScale: number): boolean {
  const delay = delayOf(m.properties.headers);
  if (delay === 0) return false;
  const store = x.options.durable && m.persistent ? persistence : null;
  const ref = store ? store.appendDelayed(x.name, m) : -1;
  result.stored = ref >= 0;
  result.routed = 1;
  x.stats.publishIn++;
  x.delayed!.add(m, m.publishedAt + delay / clockScale, delay, ref);
  return true;
}

/** A held message back from the store; overdue ones go at the next tick. False if `x` is gone or
 *  is not a delayed exchange any more. */
export function restoreDelayed(x: Exchange | undefined, m: Message, ref: number, clockScale: number): boolean {
  if (!x?.delayed) return false;
  const delay = delayOf(m.properties.headers);
  x.delayed.add(m, m.publishedAt + delay / clockScale, delay, ref);
  return true;
}

/** The due messages of `x`, published again: routed by its x-delayed-type to the bindings of now,
 *  with x-delay turned negative as the plugin does (so they are not held again). */
export function releaseDue(v: VHost, x: Exchange): void {
  const held = x.delayed!;
  const now = Date.now();
  for (let e = held.takeDue(now); e !== undefined; e = held.takeDue(now)) {
    const m = e.message;
    m.setProperties({ ...m.properties, headers: releasedHeaders(m.properties.headers ?? [], e.delay) });
    v.publish(x, m, false, null);
    x.stats.publishIn--; // counted once, when it was held
    if (e.ref >= 0) v.persistence?.remove(e.ref);
  }
  held.arm();
}
