import { describe, expect, it } from 'vitest';
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
});
