// The route walk: exchange-to-exchange hops, one copy per queue, cycles and alternate exchanges,
// as main/integration/lifecycle-routing.test.ts checks them against RabbitMQ.
import { describe, expect, it } from 'vitest';
import { bind, coreVhost, declareExchange, declareQueue, drain, publish, table, type Fields } from '../test-support/core-fakes';
import type { VHost } from './vhost';

/** The queues a publish to `exchange` would reach, sorted. */
function routes(v: VHost, exchange: string, key: string, headers: Fields = {}): string[] {
  return v.dryRoute(v.exchange(exchange)!, key, table(headers)).sort();
}

/** A vhost with queues q1..qn. */
function withQueues(n: number): VHost {
  const v = coreVhost();
  for (let i = 1; i <= n; i++) declareQueue(v, `q${i}`);
  return v;
}

/** q1 and two fanout exchanges a and b, with a bound to b (a -> b). */
function aToB(): VHost {
  const v = withQueues(1);
  declareExchange(v, 'a', 'fanout');
  declareExchange(v, 'b', 'fanout');
  v.bindExchange('b', 'a', '', []);
  return v;
}

describe('exchange-to-exchange bindings', () => {
  it('direct -> fanout: the hop matches on the key, the fanout then reaches all its queues', () => {
    const v = withQueues(2);
    declareExchange(v, 'd', 'direct');
    declareExchange(v, 'f', 'fanout');
    v.bindExchange('f', 'd', 'go', []);
    bind(v, 'q1', 'f');
    bind(v, 'q2', 'f');
    expect(routes(v, 'd', 'go')).toEqual(['q1', 'q2']);
    expect(routes(v, 'd', 'stop')).toEqual([]);
  });

  it('topic -> direct: the destination routes with the original routing key', () => {
    const v = withQueues(2);
    declareExchange(v, 't', 'topic');
    declareExchange(v, 'd', 'direct');
    v.bindExchange('d', 't', 'a.*', []);
    bind(v, 'q1', 'd', 'a.b');
    bind(v, 'q2', 'd', 'a.*');
    expect(routes(v, 't', 'a.b')).toEqual(['q1']);
  });

  it('headers -> fanout: the e2e binding arguments are matched against the headers', () => {
    const v = withQueues(1);
    declareExchange(v, 'h', 'headers');
    declareExchange(v, 'f', 'fanout');
    v.bindExchange('f', 'h', '', table({ 'x-match': 'all', kind: 'x' }));
    bind(v, 'q1', 'f');
    expect(routes(v, 'h', '', { kind: 'x' })).toEqual(['q1']);
    expect(routes(v, 'h', '', { kind: 'y' })).toEqual([]);
  });

  it('a queue reachable by several paths gets one copy', () => {
    const v = aToB();
    bind(v, 'q1', 'a');
    bind(v, 'q1', 'b');
    bind(v, 'q1', 'a', 'other-key');
    expect(publish(v, 'a', 'k').routed).toBe(1);
    expect(drain(v.queue('q1')!)).toEqual(['m']);
  });

  it('a cycle A -> B -> A ends, and the queue gets one copy from either end', () => {
    const v = aToB();
    v.bindExchange('a', 'b', '', []);
    bind(v, 'q1', 'b');
    publish(v, 'a', 'k', 'from-a');
    publish(v, 'b', 'k', 'from-b');
    expect(drain(v.queue('q1')!)).toEqual(['from-a', 'from-b']);
  });

  it('a self-binding (A -> A) is harmless', () => {
    const v = withQueues(1);
    declareExchange(v, 'a', 'fanout');
    v.bindExchange('a', 'a', '', []);
    bind(v, 'q1', 'a');
    publish(v, 'a', 'k');
    expect(drain(v.queue('q1')!)).toEqual(['m']);
  });

  it('exchange.unbind stops the flow; unbinding a missing binding is fine', () => {
    const v = aToB();
    bind(v, 'q1', 'b');
    v.unbindExchange('b', 'a', '', []);
    v.unbindExchange('b', 'a', 'never-bound', []);
    expect(routes(v, 'a', '')).toEqual([]);
  });

  it('the default exchange routes by queue name only', () => {
    const v = withQueues(2);
    expect(routes(v, '', 'q2')).toEqual(['q2']);
    expect(routes(v, '', 'nope')).toEqual([]);
  });
});

describe('alternate exchanges', () => {
  /** x (direct, AE ae) with q1 bound by 'hit'; ae (fanout) with q2. */
  function withAlternate(): VHost {
    const v = withQueues(2);
    declareExchange(v, 'ae', 'fanout');
    declareExchange(v, 'x', 'direct', { args: { 'alternate-exchange': 'ae' } });
    bind(v, 'q1', 'x', 'hit');
    bind(v, 'q2', 'ae');
    return v;
  }

  it('an unroutable message goes to the alternate exchange; a routable one does not', () => {
    const v = withAlternate();
    expect(routes(v, 'x', 'miss')).toEqual(['q2']);
    expect(routes(v, 'x', 'hit')).toEqual(['q1']);
  });

  it('the message keeps its exchange and routing key through the alternate exchange', () => {
    const v = withAlternate();
    publish(v, 'x', 'miss');
    const e = v.queue('q2')!.get(true)!;
    expect([e.message.exchange, e.message.routingKey]).toEqual(['x', 'miss']);
  });

  it('a missing alternate exchange routes nowhere, without an error', () => {
    const v = withQueues(1);
    declareExchange(v, 'x', 'direct', { args: { 'alternate-exchange': 'gone' } });
    expect(publish(v, 'x', 'k').routed).toBe(0);
  });

  it('alternate exchanges chain, and a loop of them ends', () => {
    const v = withQueues(1);
    declareExchange(v, 'a', 'direct', { args: { 'alternate-exchange': 'b' } });
    declareExchange(v, 'b', 'direct', { args: { 'alternate-exchange': 'c' } });
    declareExchange(v, 'c', 'direct', { args: { 'alternate-exchange': 'a' } });
    expect(routes(v, 'a', 'k')).toEqual([]);
    bind(v, 'q1', 'c', 'k');
    expect(routes(v, 'a', 'k')).toEqual(['q1']);
  });

  it('each exchange on the walk uses its own alternate when nothing matches there', () => {
    const v = withQueues(1);
    declareExchange(v, 'ae', 'fanout');
    declareExchange(v, 'inner', 'direct', { args: { 'alternate-exchange': 'ae' } });
    declareExchange(v, 'outer', 'fanout');
    v.bindExchange('inner', 'outer', '', []);
    bind(v, 'q1', 'ae');
    expect(routes(v, 'outer', 'nothing-bound')).toEqual(['q1']);
  });
});

describe('sender-selected distribution (CC and BCC)', () => {
  it('routes to the CC and BCC keys too, one copy per queue; BCC is stripped and CC kept', () => {
    const v = withQueues(3);
    publish(v, '', 'q1', 'm', { headers: { CC: ['q2', 'q1'], BCC: ['q3'] } });
    const [a, b, c] = ['q1', 'q2', 'q3'].map((q) => v.queue(q)!.get(true)!);
    expect([v.queue('q1')!.messageCount, b.message.routingKey]).toEqual([0, 'q1']);
    for (const e of [a, b, c]) expect(e.message.properties.headers!.map(([k]) => k)).toEqual(['CC']);
  });
});
