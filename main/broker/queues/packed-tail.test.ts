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
