import { describe, expect, it } from 'vitest';
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import { Message } from '../message';
import { delayOf, MAX_DELAY, releasedHeaders } from './delayed';
import { DelayedMessages } from './delayed-messages';

const h = (v: FieldValue): FieldTable => [['x-delay', v]];

describe('delayOf (the plugin reading x-delay)', () => {
  it('takes integer types, truncates floats, parses strings', () => {
    expect(delayOf(h({ type: 'I', value: 500 }))).toBe(500);
    expect(delayOf(h({ type: 'l', value: 70_000n }))).toBe(70_000);
    expect(delayOf(h({ type: 'd', value: 250.9 }))).toBe(250);
    expect(delayOf(h({ type: 'S', value: Buffer.from('1200') }))).toBe(1200);
  });

  it('routes at once (0) when absent, unreadable, not positive or past the Erlang timer limit', () => {
    expect(delayOf(undefined)).toBe(0);
    expect(delayOf([])).toBe(0);
    expect(delayOf(h({ type: 'I', value: 0 }))).toBe(0);
    expect(delayOf(h({ type: 'I', value: -5 }))).toBe(0);
    expect(delayOf(h({ type: 'S', value: Buffer.from('soon') }))).toBe(0);
    expect(delayOf(h({ type: 't', value: true }))).toBe(0);
    expect(delayOf(h({ type: 'l', value: BigInt(MAX_DELAY) + 1n }))).toBe(0);
    expect(delayOf(h({ type: 'l', value: BigInt(MAX_DELAY) }))).toBe(MAX_DELAY);
  });

  it('turns x-delay negative on release and keeps the other headers', () => {
    expect(releasedHeaders([['a', { type: 'I', value: 1 }], ['x-delay', { type: 'I', value: 500 }]], 500))
      .toEqual([['a', { type: 'I', value: 1 }], ['x-delay', { type: 'I', value: -500 }]]);
  });
});

describe('DelayedMessages', () => {
  const msg = (body: string): Message => new Message('x', '', {}, null, Buffer.from(body), body.length, 0);

  it('hands out messages by due time, publish order among equal times, only once due', () => {
    const d = new DelayedMessages();
    const order = [[50, 'e'], [10, 'a'], [30, 'c'], [20, 'b'], [30, 'd'], [40, 'f']] as const;
    for (const [due, body] of order) d.add(msg(body), 1e12 + due, due, -1);
    expect(d.first(3).map((e) => e.message.body.toString())).toEqual(['a', 'b', 'c']);
    const out: string[] = [];
    for (let e = d.takeDue(1e12 + 30); e; e = d.takeDue(1e12 + 30)) out.push(e.message.body.toString());
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    expect(d.size).toBe(2);
    expect(d.clear().map((e) => e.message.body.toString()).sort()).toEqual(['e', 'f']);
    expect(d.size).toBe(0);
  });

  it('runs onDue when the earliest message falls due, one timer for all', async () => {
    const d = new DelayedMessages();
    const fired: number[] = [];
    d.onDue = () => fired.push(Date.now());
    const now = Date.now();
    d.add(msg('late'), now + 10_000, 10_000, -1);
    d.add(msg('soon'), now + 30, 30, -1);
    await new Promise((r) => setTimeout(r, 300));
    expect(fired.length).toBe(1);
    expect(fired[0] - now).toBeGreaterThanOrEqual(29);
    d.stop();
  });
});
