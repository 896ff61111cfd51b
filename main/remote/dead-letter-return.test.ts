import { describe, expect, it } from 'vitest';
import { firstDeath } from './dead-letter-return';

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
