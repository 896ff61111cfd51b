import { describe, expect, it } from 'vitest';
import { faithfulTable, firstDeath } from './dead-letter-return';

describe('firstDeath', () => {
  it('takes the oldest x-death record (RabbitMQ puts the newest first) and its first routing key', () => {
    const headers = {
      'x-death': [
        { count: 1, reason: 'expired', queue: 'retry', exchange: 'dlx', 'routing-keys': ['retry'] },
        { count: 2, reason: 'rejected', queue: 'work', exchange: 'orders', 'routing-keys': ['order.eu', 'cc-key'] },
      ],
    };
    expect(firstDeath(headers)).toEqual({ exchange: 'orders', routingKey: 'order.eu' });
    expect(firstDeath({ 'x-death': [{ exchange: '', 'routing-keys': ['work'] }] })).toEqual({ exchange: '', routingKey: 'work' });
  });

  it('is null without a usable record', () => {
    expect(firstDeath(undefined)).toBeNull();
    expect(firstDeath({})).toBeNull();
    expect(firstDeath({ 'x-death': [] })).toBeNull();
    expect(firstDeath({ 'x-death': 'no' })).toBeNull();
    expect(firstDeath({ 'x-death': [{ exchange: 'x' }] })).toBeNull();
    expect(firstDeath({ 'x-death': [{ exchange: 'x', 'routing-keys': [] }] })).toBeNull();
  });
});

describe('faithfulTable', () => {
  it('sends integers beyond 32 bits as longs (the client would wrap them), nested ones too', () => {
    const when = new Date(1_700_000_000_000);
    expect(faithfulTable({ n: 1, big: 2 ** 40, neg: -(2 ** 33), s: 'x', t: when, nested: { c: 3_000_000_000 }, list: [2 ** 31, 'y'], none: null })).toEqual({
      n: 1, big: BigInt(2 ** 40), neg: BigInt(-(2 ** 33)), s: 'x', t: when, nested: { c: 3_000_000_000n }, list: [2_147_483_648n, 'y'], none: null,
    });
  });

  it('is null when a fraction would change as a 32-bit float, wherever it is', () => {
    expect(faithfulTable({ half: 0.5 })).toEqual({ half: 0.5 });
    expect(faithfulTable({ price: 0.1 })).toBeNull();
    expect(faithfulTable({ 'x-death': [{ count: 1 }, { deep: [0.1] }] })).toBeNull();
  });
});
