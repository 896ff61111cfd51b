// The routing debugger on an x-delayed-message exchange: with x-delay the verdict says until when
// the message waits, then what its x-delayed-type routes to now, whether the message was published
// to it or reaches it through another exchange; without, it routes as that type.
import { describe, expect, it } from 'vitest';
import type { FieldTable } from '../../../shared/model/amqp-values';
import { EventBus } from '../events';
import { str } from '../field-values';
import { VHost } from '../vhost';
import { explainRoute, explainView } from './explain-route';

function delayedVhost(type: string): VHost {
  const v = new VHost('/', new EventBus());
  v.declareExchange({ name: 'later', type: 'x-delayed-message', passive: false, durable: false, autoDelete: false, internal: false, args: [['x-delayed-type', str(type)]] });
  for (const [q, key] of [['eu', 'orders.eu.*'], ['all', 'orders.#']]) {
    v.declareQueue({ name: q, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    v.bindQueue(q, 'later', key, [], null);
  }
  return v;
}

const delay = (ms: number): FieldTable => [['x-delay', { type: 'I', value: ms }]];

describe('routing debugger on x-delayed-message', () => {
  it('says "delayed until <ISO time>" then what the delayed type routes to now', () => {
    const v = delayedVhost('topic');
    const before = Date.now();
    const e = explainRoute(v, { exchange: 'later', routingKey: 'orders.eu.de', headers: delay(60_000) });
    const [visit] = e.visits;
    const until = Date.parse(visit.delayedUntil!);
    expect(until).toBeGreaterThanOrEqual(before + 60_000);
    expect(until).toBeLessThan(Date.now() + 60_000 + 1);
    expect(visit.bindings.map((b) => [b.destination, b.matched])).toEqual([['eu', true], ['all', true]]);
    expect(visit.bindings[0].reason.startsWith(`delayed until ${visit.delayedUntil}, then `)).toBe(true);
    expect(visit.bindings[0].reason).toMatch(/^delayed until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, then /);
    expect(e.queues).toEqual(['all', 'eu']);
  });

  it('in a vhost whose sandbox clock runs ×60, the wait is x-delay / 60', () => {
    const v = delayedVhost('topic');
    v.setClockScale(60);
    const before = Date.now();
    const until = Date.parse(explainRoute(v, { exchange: 'later', routingKey: 'orders.eu.de', headers: delay(60_000) }).visits[0].delayedUntil!);
    expect(until).toBeGreaterThanOrEqual(before + 1000);
    expect(until).toBeLessThan(Date.now() + 1000 + 1);
  });

  it('routes at once as the delayed type without x-delay (or with a delay that is not positive)', () => {
    const v = delayedVhost('direct');
    for (const headers of [[], delay(0), delay(-5)]) {
      const e = explainRoute(v, { exchange: 'later', routingKey: 'orders.#', headers });
      expect(e.visits[0].delayedUntil).toBeUndefined();
      expect(e.visits[0].bindings.map((b) => [b.destination, b.matched, b.reason])).toEqual([
        ['eu', false, "'orders.#' is not 'orders.eu.*'"], ['all', true, "'orders.#' equals 'orders.#'"],
      ]);
      expect(e.queues).toEqual(['all']);
    }
  });

  it('says "delayed until" at a delayed exchange an exchange-to-exchange binding reaches, once on a path', () => {
    const v = delayedVhost('topic');
    v.declareExchange({ name: 'in', type: 'fanout', passive: false, durable: false, autoDelete: false, internal: false, args: [] });
    v.declareExchange({ name: 'again', type: 'x-delayed-message', passive: false, durable: false, autoDelete: false, internal: false, args: [['x-delayed-type', str('fanout')]] });
    v.bindExchange('later', 'in', '', []);
    v.bindExchange('again', 'later', 'orders.#', []);
    const e = explainRoute(v, { exchange: 'in', routingKey: 'orders.eu.de', headers: delay(5000) });
    expect(e.visits.map((x) => [x.exchange, x.via, x.delayedUntil !== undefined])).toEqual([
      ['in', 'published', false],
      ['later', 'exchange-binding', true],
      // released from 'later' with x-delay turned negative: not held a second time
      ['again', 'exchange-binding', false],
    ]);
    expect(e.visits[1].bindings.every((b) => b.reason.startsWith('delayed until '))).toBe(true);
    expect(e.queues).toEqual(['all', 'eu']);
  });

  it('explains a remote broker\'s delayed exchange the same way (its definitions carry x-delayed-type)', () => {
    const v = delayedVhost('fanout');
    const e = explainView(v, { exchange: 'later', routingKey: 'k', headers: delay(1000) });
    expect(e.visits[0].unexplained).toBeUndefined();
    expect(e.visits[0].bindings.every((b) => b.matched && b.reason.startsWith('delayed until '))).toBe(true);
    expect(e.queues).toEqual(['all', 'eu']);
  });
});

