import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './events';

describe('message sampling', () => {
  it('follows every message below the budget and a weighted sample above it', () => {
    vi.useFakeTimers();
    try {
      const bus = new EventBus();
      bus.tracedPerSecond = 5000;
      // 100 per slice: the first 100 in a 20 ms slice are followed, each standing for itself
      const first = Array.from({ length: 100 }, () => bus.sampleMessage());
      expect(first.every((w) => w === 1)).toBe(true);
      // the rest of the slice is not followed...
      for (let i = 0; i < 900; i++) expect(bus.sampleMessage()).toBe(0);
      // ...and the next sample carries their weight, so rates computed from samples stay right
      vi.advanceTimersByTime(20);
      expect(bus.sampleMessage()).toBe(901);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('listeners of topology only', () => {
  it('make the bus active without making the broker follow messages', () => {
    const bus = new EventBus();
    const offTopology = bus.subscribe(() => undefined, { messages: false });
    expect([bus.active, bus.watchingMessages]).toEqual([true, false]);
    const offAll = bus.subscribe(() => undefined);
    expect([bus.active, bus.watchingMessages]).toEqual([true, true]);
    offAll();
    expect([bus.active, bus.watchingMessages]).toEqual([true, false]);
    offTopology();
    expect([bus.active, bus.watchingMessages]).toEqual([false, false]);
  });

  it('name who made a change only while someone listens, and restore the previous actor', () => {
    const bus = new EventBus();
    expect(bus.as('alice', () => bus.actor)).toBe(null);
    bus.subscribe(() => undefined, { messages: false });
    expect(bus.as('alice', () => bus.as('bob', () => bus.actor))).toBe('bob');
    expect(() => bus.as('alice', () => { throw new Error('refused'); })).toThrow('refused');
    expect(bus.actor).toBe(null);
  });
});
