// The routing debugger on the plugin exchange types: each verdict says why, and the binding it
// marks matched is where a real publish of the same message lands.
import { describe, expect, it } from 'vitest';
import type { FieldTable } from '../../../shared/model/amqp-values';
import { EventBus } from '../events';
import { str } from '../field-values';
import { Message } from '../message';
import { VHost } from '../vhost';
import { explainRoute } from './explain-route';

function vhostWith(type: string, keys: string[], args: FieldTable = []): VHost {
  const v = new VHost('/', new EventBus());
  v.declareExchange({ name: 'x', type, passive: false, durable: false, autoDelete: false, internal: false, args });
  keys.forEach((k, i) => {
    v.declareQueue({ name: `q${i}`, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    v.bindQueue(`q${i}`, 'x', k, [], null);
  });
  return v;
}

/** The queues a real publish reaches. */
function landed(v: VHost, routingKey: string, headers: FieldTable = []): string[] {
  const before = new Map([...v.queues.values()].map((q) => [q.name, q.messageCount]));
  v.publish(v.exchange('x')!, new Message('x', routingKey, { headers }, null, Buffer.alloc(0), 0, Date.now()), false, null);
  return [...v.queues.values()].filter((q) => q.messageCount > before.get(q.name)!).map((q) => q.name);
}

describe('routing debugger on plugin exchange types', () => {
  it('x-consistent-hash: the hash falls in one binding\'s buckets, the one a publish reaches', () => {
    const v = vhostWith('x-consistent-hash', ['1', '1', '2']);
    for (let i = 0; i < 40; i++) {
      const e = explainRoute(v, { exchange: 'x', routingKey: `order-${i}` });
      const [visit] = e.visits;
      const hit = visit.bindings.filter((b) => b.matched);
      expect(hit).toHaveLength(1);
      expect(hit[0].reason).toMatch(new RegExp(`^hash of the routing key 'order-${i}' falls in bucket [1-4] of 4; this binding \\(weight \\d\\) owns bucket`));
      expect(visit.bindings[2].reason).toContain('weight 2) owns buckets 3-4');
      expect(e.queues).toEqual([hit[0].destination]);
      expect(landed(v, `order-${i}`)).toEqual(e.queues);
    }
  });

  it('x-consistent-hash with hash-header: hashes the header, and hashes its absence as RabbitMQ does', () => {
    const v = vhostWith('x-consistent-hash', ['1', '1'], [['hash-header', str('shard')]]);
    const e = explainRoute(v, { exchange: 'x', routingKey: 'ignored', headers: [['shard', str('s7')]] });
    expect(e.visits[0].bindings.find((b) => b.matched)!.reason).toContain("hash of header 'shard' 's7' falls in bucket");
    expect(landed(v, 'other', [['shard', str('s7')]])).toEqual(e.queues);
    const missing = explainRoute(v, { exchange: 'x', routingKey: 'k' });
    expect(missing.visits[0].bindings.find((b) => b.matched)!.reason).toContain("hash of the absent header 'shard' (every message without it goes to the same binding) falls in bucket");
    expect(landed(v, 'other')).toEqual(missing.queues);
  });

  it('x-random: one of N bound queues is picked, and the explanation reaches only it', () => {
    const v = vhostWith('x-random', ['', '', '']);
    const e = explainRoute(v, { exchange: 'x', routingKey: 'k' });
    const hit = e.visits[0].bindings.filter((b) => b.matched);
    expect(hit).toHaveLength(1);
    expect(hit[0].reason).toBe('picked at random: one of 3 bound destinations (each has a 1 in 3 chance)');
    expect(e.queues).toEqual([hit[0].destination]);
  });

  it('x-modulus-hash: the key\'s hash modulo the bindings picks the binding a publish reaches', () => {
    const v = vhostWith('x-modulus-hash', ['', '', '']);
    for (const k of ['a', 'b', 'c', 'd', 'e']) {
      const e = explainRoute(v, { exchange: 'x', routingKey: k });
      const hit = e.visits[0].bindings.filter((b) => b.matched);
      expect(hit).toHaveLength(1);
      expect(hit[0].reason).toMatch(/^hash of '.' modulo 3 bindings is [1-3]: this binding$/);
      expect(landed(v, k)).toEqual(e.queues);
    }
  });

  it('x-recent-history: every binding, like fanout, with the kept length; a dry run keeps nothing', () => {
    const v = vhostWith('x-recent-history', ['', ''], [['x-recent-history-length', { type: 'I', value: 5 }]]);
    const e = explainRoute(v, { exchange: 'x', routingKey: 'k' });
    expect(e.queues).toEqual(['q0', 'q1']);
    expect(e.visits[0].bindings[0].reason).toContain('keeps the last 5 messages');
    expect(v.exchange('x')!.history!.size).toBe(0);
    expect(landed(v, 'k')).toEqual(['q0', 'q1']);
    expect(v.exchange('x')!.history!.size).toBe(1);
  });
});
