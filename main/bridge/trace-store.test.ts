import { afterEach, describe, expect, it, vi } from 'vitest';
import { Broker } from '../broker/broker';
import { TraceStore } from './trace-store';

describe('the trace store and the core sampling', () => {
  it('sets the core message-sampling rate and counts what the core did not follow', () => {
    let now = 10_000;
    const broker = new Broker();
    const store = new TraceStore(broker, {}, () => now);
    const release = store.retain();
    store.configure({ maxPerSecond: 123 });
    expect(broker.events.tracedPerSecond).toBe(123);
    // three samples, each standing for itself and 9 messages the core skipped
    for (let i = 1; i <= 3; i++) {
      broker.events.emit({ type: 'message.published', vhost: '/', messageId: i, exchange: 'x', routingKey: 'k', connectionId: null, size: 1, weight: 10 });
    }
    now += 1000;
    broker.events.emit({ type: 'message.published', vhost: '/', messageId: 4, exchange: 'x', routingKey: 'k', connectionId: null, size: 1, weight: 1 });
    expect(store.status().notTraced).toBe(27);
    expect(store.status().held).toBe(4);
    release();
  });

  const publish = (broker: Broker, vhost: string, messageId: number): void => {
    broker.events.emit({ type: 'message.published', vhost, messageId, exchange: 'x', routingKey: 'k', connectionId: null, size: 1 });
  };

  afterEach(() => { vi.useRealTimers(); });

  it("forgets a deleted vhost's records (the fuzzer's vhost held 10,000 of them after it was gone)", () => {
    const broker = new Broker();
    broker.addVhost('gone');
    const store = new TraceStore(broker);
    const release = store.retain();
    publish(broker, 'gone', 1);
    publish(broker, 'gone', 2);
    publish(broker, '/', 3);
    broker.deleteVhost('gone');
    expect(store.status().held).toBe(1);
    expect(store.get('gone', 1)).toBeNull();
    expect(store.get('/', 3)).not.toBeNull();
    release();
  });

  it('ages records out after the last UI went too', () => {
    vi.useFakeTimers();
    let now = 10_000;
    const broker = new Broker();
    const store = new TraceStore(broker, { maxAgeMs: 60_000 }, () => now);
    const release = store.retain();
    publish(broker, '/', 1);
    release(); // no UI: tracing stops, the record stays until it is too old
    expect(store.active).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(store.status().held).toBe(1);
    now += 61_000;
    vi.advanceTimersByTime(10_000);
    expect(store.status().held).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // and the sweep stops with nothing left to sweep
  });
});
