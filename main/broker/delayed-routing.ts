// x-delayed-message on the publish path: a message with a positive x-delay is held by its exchange
// (exchanges/delayed-messages.ts) instead of routed, whether published to it or reaching it on the
// way (an exchange-to-exchange binding, a dead-letter exchange), kept in the store when the exchange is
// durable and the message persistent, and published again through the vhost when due.
import { delayOf, releasedHeaders } from './exchanges/delayed';
import type { Exchange } from './exchanges/exchange';
import { Message } from './message';
import type { MessagePersistence } from './persistence';
import type { PublishResult, VHost } from './vhost';

/** Hold `m`, published to `x`, if it has a positive x-delay (due after delay / clockScale of real
 *  time). A held message counts as accepted: the plugin cannot know its route yet, so no
 *  basic.return, and the confirm goes at once (once stored). */
export function holdDelayed(x: Exchange, m: Message, result: PublishResult, persistence: MessagePersistence | null, clockScale: number): boolean {
  const delay = delayOf(m.properties.headers);
  if (delay === 0) return false;
  x.stats.publishIn++; // its publish, counted once: releaseDue takes back the count of its re-publish
  hold(x, m, delay, result, persistence, clockScale);
  return true;
}

/** Hold a copy of `m`, which a route walk reached `x` with (an exchange-to-exchange binding, or
 *  dead-lettering), as the plugin's route holds a message wherever its exchange is on the way. The
 *  copy has properties of its own: its x-delay turns negative when due, while `m` may already sit
 *  in queues other paths reached. */
export function holdReached(x: Exchange, m: Message, result: PublishResult, persistence: MessagePersistence | null, clockScale: number): void {
  // taken now: its delay counts from here (a dead-lettered message keeps its first publish time)
  const copy = new Message(m.exchange, m.routingKey, m.properties, m.rawProperties, m.body, m.bodySize, Date.now());
  copy.lineage = m.lineage;
  // not published to `x` by a client: nothing counted in now, the re-publish's count is taken back
  hold(x, copy, delayOf(m.properties.headers), result, persistence, clockScale);
}

function hold(x: Exchange, m: Message, delay: number, result: PublishResult, persistence: MessagePersistence | null, clockScale: number): void {
  const store = x.options.durable && m.persistent ? persistence : null;
  const ref = store ? store.appendDelayed(x.name, m) : -1;
  if (ref >= 0) result.stored = true;
  result.routed++;
  x.delayed!.add(m, m.publishedAt + delay / clockScale, delay, ref);
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
