import { describe, expect, it } from 'vitest';
import { parseConsumer, parseProducer, parseWork } from './spec-text';
import { randomKey } from './random-words';

describe('simulate specs', () => {
  it('a producer: fixed key, keys in turn, random words, properties', () => {
    expect(parseProducer('exchange=orders,key=order.created,rate=50', '/')).toMatchObject({ vhost: '/', exchange: 'orders', keyMode: 'fixed', keys: ['order.created'], rate: 50, persistent: false, ttl: null });
    expect(parseProducer('exchange=x,keys=a|b|c,persistent,ttl=5000,priority=3,mandatory,header=tenant:acme|v:2', 'v1')).toMatchObject({ vhost: 'v1', keyMode: 'round-robin', keys: ['a', 'b', 'c'], persistent: true, ttl: 5000, priority: 3, mandatory: true, headers: { tenant: 'acme', v: '2' } });
    expect(parseProducer('exchange=logs,random', '/').keyMode).toBe('random-words');
  });

  it('a consumer: prefetch, work time, chances', () => {
    expect(parseConsumer('queue=q,prefetch=1,work=200ms,reject=0.1', '/')).toMatchObject({ queue: 'q', prefetch: 1, ack: 'manual', workMinMs: 200, workMaxMs: 200, rejectChance: 0.1, nackChance: 0, requeue: false });
    expect(parseConsumer('queue=q,ack=auto,work=1-2s,priority=5,exclusive,requeue', '/')).toMatchObject({ ack: 'auto', workMinMs: 1000, workMaxMs: 2000, priority: 5, exclusive: true, requeue: true });
  });

  it('says what is wrong', () => {
    expect(() => parseConsumer('prefetch=1', '/')).toThrow('--consumer needs queue=NAME');
    expect(() => parseConsumer('queue=q,reject=2', '/')).toThrow('reject must be a number from 0 to 1');
    expect(() => parseProducer('exchange=x,speed=9', '/')).toThrow("--producer: unknown setting 'speed'");
    expect(() => parseWork('fast')).toThrow('work must be like 200ms, 2s or 100-300ms');
    expect(() => parseWork('300-100ms')).toThrow('goes down');
  });

  it('random keys are two or three known words', () => {
    let i = 0;
    const seq = [0.1, 0.0, 0.5, 0.9, 0.7, 0.2, 0.3];
    const key = randomKey(() => seq[i++ % seq.length]!);
    expect(key.split('.').length).toBe(2);
    for (let n = 0; n < 50; n++) expect(randomKey()).toMatch(/^((eu|us|asia)\.)?(orders|payments|users|audit)\.(info|warning|error|created|deleted)$/);
  });
});
