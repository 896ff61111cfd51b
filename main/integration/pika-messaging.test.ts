// pika against the broker: confirms, basic.get, reject/nack, properties, large bodies, prefetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

const run = async (script: string, args: string[], timeoutMs = 30_000) =>
  events(await startPython(script, [broker.url, ...args], timeoutMs).done, script);

describe('pika messaging', () => {
  it('publisher confirms: a mandatory unroutable publish raises UnroutableError with 312 NO_ROUTE', async () => {
    const ev = await run('pika_confirms.py', [uniqueName('conf')]);
    expect(ev).toEqual([
      { event: 'confirmed', case: 'routable-mandatory' },
      {
        event: 'returned', case: 'unroutable-mandatory', exception: 'UnroutableError', count: 1,
        reply_code: 312, reply_text: 'NO_ROUTE', routing_key: expect.stringMatching(/^pika-nowhere-/), body: 'unroutable',
      },
      { event: 'confirmed', case: 'unroutable-not-mandatory' },
      { event: 'queue-content', body: 'routable', message_count: 0 },
    ]);
  });

  it('basic_get returns messages in order with a decreasing message_count, then empty', async () => {
    const ev = await run('pika_basic_get.py', []);
    const got = ev.filter((e) => e.event === 'got');
    expect(got.map((e) => [e.body, e.message_count, e.delivery_tag, e.redelivered, e.exchange])).toEqual([
      ['m0', 2, 1, false, ''], ['m1', 1, 2, false, ''], ['m2', 0, 3, false, ''],
    ]);
    for (const e of got) expect(e.routing_key).toMatch(/^amq\.gen-/);
    expect(ev.find((e) => e.event === 'empty')).toEqual({ event: 'empty', method: null, props: null, body: null });
    expect(ev.find((e) => e.event === 'queue')).toEqual({ event: 'queue', message_count: 0 });
  });

  it('basic_reject / basic_nack requeue sets redelivered; without requeue the message is gone', async () => {
    const ev = await run('pika_reject_nack.py', []);
    expect(ev.filter((e) => e.event === 'got').map((e) => [e.step, e.body, e.redelivered])).toEqual([
      ['first', 'a', false],
      ['after-reject-requeue', 'a', true],
      ['after-reject-discard', null, null],
      ['b-first', 'b', false],
      ['c-first', 'c', false],
      ['d-first', 'd', false],
      ['after-nack-multiple-1', 'b', true],
      ['after-nack-multiple-2', 'c', true],
      ['after-nack-all-discard', null, null],
    ]);
    expect(ev.find((e) => e.event === 'queue')).toEqual({ event: 'queue', message_count: 0 });
    expect(ev.filter((e) => e.event === 'delivered')).toEqual([
      { event: 'delivered', body: 'e', redelivered: false },
      { event: 'delivered', body: 'e', redelivered: true },
    ]);
  });

  it('all 14 basic properties and a headers table of every field type round-trip exactly', async () => {
    const ev = await run('pika_properties.py', []);
    const props = ev.filter((e) => e.event === 'properties');
    expect(props.map((e) => e.path)).toEqual(['basic_get', 'basic_consume']);
    for (const e of props) {
      expect(e.diffs).toEqual({});
      expect(e.match).toBe(true);
      expect(e.body_match).toBe(true);
      expect(e.received).toMatch(/Decimal\('3\.14'\)/);
      expect(e.received).toMatch(/datetime\.datetime\(2024, 5, 17, 12, 34, 56\)/);
    }
    // A message published without properties carries none.
    const bare = ev.find((e) => e.event === 'bare')!;
    expect(Object.entries(bare).filter(([k, v]) => k !== 'event' && v !== null)).toEqual([]);
  });

  it('a 5 MiB body arrives intact through basic_get and basic_consume', async () => {
    const size = 5 * 1024 * 1024;
    const ev = await run('pika_large_body.py', [String(size)], 60_000);
    const got = ev.filter((e) => e.event === 'got');
    expect(got.map((e) => [e.path, e.length, e.intact])).toEqual([['basic_get', size, true], ['basic_consume', size, true]]);
    expect(got[0].sha256).toBe(got[0].sent_sha256);
  });

  it('basic_qos prefetch_count 3 keeps at most 3 unacked deliveries in flight', async () => {
    const ev = await run('pika_qos.py', ['3', '10']);
    const snap = Object.fromEntries(ev.filter((e) => e.event === 'snapshot').map((e) => [e.step, [e.delivered, e.ready]]));
    expect(snap).toEqual({
      initial: [3, 7],
      'after-one-ack': [4, 6],
      'after-ack-all': [7, 3],
      final: [10, 0],
    });
    expect(ev.at(-1)!.bodies).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});
