// A long queue packs its tail and gives back exactly what went in, in order.
import { describe, expect, it } from 'vitest';
import type { BasicProperties } from '../../../shared/model/amqp-values';
import { EventBus } from '../events';
import { str } from '../field-values';
import { Message } from '../message';
import { VHost } from '../vhost';
import type { PackingSupport } from './packed-tail';

// A stand-in codec for the core's unit tests: the real one is the AMQP codec (main/server/packing.ts).
const jsonPacking = (bodies?: Map<number, Buffer>): PackingSupport => ({
  encodeProperties: (p) => Buffer.from(JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))),
  decodeProperties: (raw) => JSON.parse(raw.toString(), (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data) : v)) as BasicProperties,
  readBody: bodies ? (ref) => bodies.get(ref)! : null,
});

function queueWith(packing: PackingSupport, args = {}) {
  const v = new VHost('/', new EventBus());
  v.packing = packing;
  const q = v.declareQueue({ name: 'q', passive: false, durable: false, exclusive: false, autoDelete: false, args: [], ...args }, null);
  return { v, q };
}

describe('packed queue tails', () => {
  it('keep order, routing, properties and bodies across 30,000 messages', () => {
    const { v, q } = queueWith(jsonPacking());
    const x = v.exchange('')!;
    for (let i = 0; i < 30_000; i++) {
      const props: BasicProperties = { messageId: `m${i}`, headers: i % 7 === 0 ? [['n', str(String(i))]] : undefined };
      v.publish(x, new Message('', 'q', props, null, Buffer.from(`body-${i}`), `body-${i}`.length, 1000 + i), false, null);
    }
    expect(q.messageCount).toBe(30_000);
    const expectedBytes = Array.from({ length: 30_000 }, (_, i) => `body-${i}`.length).reduce((a, b) => a + b, 0);
    expect(q.messages.bytes).toBe(expectedBytes);
    // browsing sees everything without taking it
    let n = 0;
    for (const e of q.messages) expect(e.message.properties.messageId).toBe(`m${n++}`);
    expect(n).toBe(30_000);
    for (let i = 0; i < 30_000; i++) {
      const e = q.get(true)!;
      expect(e.message.body.toString()).toBe(`body-${i}`);
      expect(e.message.routingKey).toBe('q');
      expect(e.message.publishedAt).toBe(1000 + i);
      expect(e.message.properties.messageId).toBe(`m${i}`);
      if (i % 7 === 0) expect(e.message.properties.headers?.[0][0]).toBe('n');
    }
    expect(q.get(true)).toBeUndefined();
    expect(q.messages.bytes).toBe(0);
  });

  it('keeps expiry, store refs, delivery state, lineage and old timestamps; reads stored bodies back', () => {
    const bodies = new Map<number, Buffer>();
    const { q } = queueWith(jsonPacking(bodies), { args: [['x-message-ttl', { type: 'I', value: 3_600_000 }]] });
    const now = Date.now();
    for (let i = 0; i < 10_000; i++) {
      const ref = i % 2 === 0 ? 1_000_000 + i : 0;
      const m = new Message('ex', `k${i % 3}`, {}, null, Buffer.from(`b${i}`), `b${i}`.length, i === 9_000 ? 86_400_000 : now - i);
      if (i % 5 === 0) m.lineage = 42;
      if (ref) bodies.set(ref, Buffer.from(`b${i}`));
      q.restore(m, ref, i % 3 === 0, now);
    }
    for (let i = 0; i < 10_000; i++) {
      const e = q.get(false)!;
      expect(e.message.body.toString()).toBe(`b${i}`);
      expect(e.message.routingKey).toBe(`k${i % 3}`);
      expect(e.ref).toBe(i % 2 === 0 ? 1_000_000 + i : 0);
      expect(e.redelivered).toBe(i % 3 === 0);
      expect(e.deliveries).toBe(i % 3 === 0 ? 2 : 1);
      expect(e.expiresAt).toBe(now + 3_600_000);
      expect(e.message.lineage).toBe(i % 5 === 0 ? 42 : e.message.id);
      expect(e.message.publishedAt).toBe(i === 9_000 ? 86_400_000 : now - i);
    }
  });

  it('purges a packed tail without decoding it, releasing every stored message', () => {
    const v = new VHost('/', new EventBus());
    v.packing = jsonPacking(new Map());
    const removed: number[] = [];
    v.persistence = { append: () => 0, markDelivered: () => {}, remove: (ref) => removed.push(ref), deleteQueue: () => {}, appendDelayed: () => -1, deleteDelayed: () => {}, whenSynced: (cb) => cb() };
    const q = v.declareQueue({ name: 'd', passive: false, durable: true, exclusive: false, autoDelete: false, args: [['x-message-ttl', { type: 'I', value: 60_000 }]] }, null);
    const refs: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ref = i % 4 === 0 ? 0 : 2 ** 32 * 7 + i * 100;
      if (ref) refs.push(ref);
      q.restore(new Message('', 'd', { deliveryMode: 2 }, null, Buffer.from('x'), 1, Date.now()), ref, false, Date.now());
    }
    expect(q.purge()).toBe(20_000);
    expect(removed.sort((a, b) => a - b)).toEqual(refs);
    expect(q.messageCount).toBe(0);
    expect(q.messages.bytes).toBe(0);
  });

  it('removes, purges and requeues in place with a packed tail', () => {
    const { v, q } = queueWith(jsonPacking());
    const x = v.exchange('')!;
    for (let i = 0; i < 10_000; i++) v.publish(x, new Message('', 'q', {}, null, Buffer.from(String(i)), String(i).length, 0), false, null);
    const removed = q.removeReady(new Set([5, 9_000, 9_999]));
    expect(removed.map((e) => e.message.body.toString())).toEqual(['4', '8999', '9998']);
    expect(q.messageCount).toBe(9_997);
    const first = q.get(false)!;
    q.requeue([first]);
    expect(q.get(true)!.message.body.toString()).toBe('0');
    expect(q.purge()).toBe(9_996);
    expect(q.messageCount).toBe(0);
  });
});
