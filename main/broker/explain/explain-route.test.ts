// Property test: on random topologies, explainRoute's verdicts and destinations are exactly what
// real routing does (a message published through the same vhost lands in the same queues).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldTable } from '../../../shared/model/amqp-values';
import { EventBus } from '../events';
import { str } from '../field-values';
import { Message } from '../message';
import { VHost } from '../vhost';
import { explainRoute } from './explain-route';
import { alignTopic } from './topic-explain';

const WORDS = ['a', 'b', 'c', ''];
const word = fc.constantFrom(...WORDS);
const key = fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join('.'));
const pattern = fc.array(fc.constantFrom('a', 'b', '*', '#', ''), { minLength: 0, maxLength: 4 }).map((w) => w.join('.'));
const headerName = fc.constantFrom('h1', 'h2', 'x-h');
const headerValue = fc.constantFrom<FieldTable[number][1]>(str('v'), str('w'), { type: 'I', value: 1 }, { type: 'l', value: 1n }, { type: 'V', value: null });

interface Topology {
  exchanges: Array<{ type: 'direct' | 'fanout' | 'topic' | 'headers'; ae: number | null }>;
  queueBindings: Array<{ x: number; q: number; key: string; args: FieldTable }>;
  exchangeBindings: Array<{ src: number; dst: number; key: string; args: FieldTable }>;
}

const args = fc.record({
  mode: fc.constantFrom('all', 'any', 'all-with-x', 'any-with-x'),
  pairs: fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
}).map(({ mode, pairs }): FieldTable => [['x-match', str(mode)], ...pairs]);

const topology: fc.Arbitrary<Topology> = fc.record({
  exchanges: fc.array(fc.record({ type: fc.constantFrom('direct', 'fanout', 'topic', 'headers'), ae: fc.option(fc.nat(4), { nil: null }) }), { minLength: 1, maxLength: 5 }),
  queueBindings: fc.array(fc.record({ x: fc.nat(4), q: fc.nat(4), key: pattern, args }), { maxLength: 12 }),
  exchangeBindings: fc.array(fc.record({ src: fc.nat(4), dst: fc.nat(4), key: pattern, args }), { maxLength: 6 }),
}) as fc.Arbitrary<Topology>;

function build(t: Topology): VHost {
  const v = new VHost('/', new EventBus());
  const n = t.exchanges.length;
  t.exchanges.forEach((x, i) => {
    const ae: FieldTable = x.ae !== null ? [['alternate-exchange', str(`x${x.ae % n}`)]] : [];
    v.declareExchange({ name: `x${i}`, type: x.type, passive: false, durable: false, autoDelete: false, internal: false, args: ae });
  });
  for (let i = 0; i < 5; i++) v.declareQueue({ name: `q${i}`, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
  for (const b of t.queueBindings) v.bindQueue(`q${b.q}`, `x${b.x % n}`, b.key, b.args, null);
  for (const b of t.exchangeBindings) v.bindExchange(`x${b.dst % n}`, `x${b.src % n}`, b.key, b.args);
  return v;
}

describe('explainRoute', () => {
  it('agrees with real routing on random topologies, keys and headers', () => {
    fc.assert(fc.property(topology, key, fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }), fc.nat(4), (t, k, hs, at) => {
      const v = build(t);
      const exchange = `x${at % t.exchanges.length}`;
      const headers: FieldTable = hs;
      const explained = explainRoute(v, { exchange, routingKey: k, headers });

      // what a real publish does
      const before = new Map([...v.queues.values()].map((q) => [q.name, q.messageCount]));
      const m = new Message(exchange, k, { headers }, null, Buffer.alloc(0), 0, Date.now());
      v.publish(v.exchange(exchange)!, m, false, null);
      const landed = [...v.queues.values()].filter((q) => q.messageCount > before.get(q.name)!).map((q) => q.name).sort();
      expect(explained.queues).toEqual(landed);

      // the verdicts themselves lead to exactly those queues
      const viaVerdicts = new Set<string>();
      for (const visit of explained.visits) for (const b of visit.bindings) if (b.matched && b.destinationType === 'queue') viaVerdicts.add(b.destination);
      expect([...viaVerdicts].sort()).toEqual(landed);
    }), { numRuns: 400 });
  });

  it('says why, binding by binding', () => {
    const v = new VHost('/', new EventBus());
    v.declareExchange({ name: 'logs', type: 'topic', passive: false, durable: false, autoDelete: false, internal: false, args: [['alternate-exchange', str('lost')]] });
    v.declareExchange({ name: 'lost', type: 'fanout', passive: false, durable: false, autoDelete: false, internal: false, args: [] });
    for (const q of ['errors', 'all', 'unrouted']) v.declareQueue({ name: q, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    v.bindQueue('errors', 'logs', '*.error', [], null);
    v.bindQueue('all', 'logs', 'app.#', [], null);
    v.bindQueue('unrouted', 'lost', '', [], null);

    const hit = explainRoute(v, { exchange: 'logs', routingKey: 'app.db.error' });
    expect(hit.queues).toEqual(['all']);
    const [errors, all] = hit.visits[0].bindings;
    expect(errors).toMatchObject({ destination: 'errors', matched: false, reason: 'the pattern has 2 words, the key 3' });
    expect(all).toMatchObject({ destination: 'all', matched: true, reason: "'#' matched 'db'.'error'" });

    const miss = explainRoute(v, { exchange: 'logs', routingKey: 'web', mandatory: true });
    expect(miss.visits.map((x) => [x.exchange, x.via])).toEqual([['logs', 'published'], ['lost', 'alternate-exchange']]);
    expect(miss.visits[0].alternateExchange).toBe('lost');
    expect(miss.queues).toEqual(['unrouted']);
    expect(miss.outcome).toBe('routed');

    expect(() => explainRoute(v, { exchange: 'nope', routingKey: '' })).toThrow(/NOT_FOUND - no exchange 'nope'/);
  });
});

describe('alignTopic', () => {
  it('matches exactly when the topic trie does', () => {
    fc.assert(fc.property(pattern, key, (p, k) => {
      const v = new VHost('/', new EventBus());
      v.declareExchange({ name: 't', type: 'topic', passive: false, durable: false, autoDelete: false, internal: false, args: [] });
      v.declareQueue({ name: 'q', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
      v.bindQueue('q', 't', p, [], null);
      expect(alignTopic(p, k) !== null).toBe(v.dryRoute(v.exchange('t')!, k, []).length === 1);
    }), { numRuns: 1000 });
  });
});
