// A queue far behind its consumers pauses its publishers until it drains, for a bounded time,
// and stops pausing them when its consumers take nothing at all.
import { describe, expect, it } from 'vitest';
import { QueueFlow } from './queue-flow';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('QueueFlow', () => {
  it('is overloaded only with consumers and a backlog above the high mark (messages or bytes)', () => {
    const f = new QueueFlow();
    expect(f.overloaded(true, 19_999, 0)).toBe(false);
    expect(f.overloaded(false, 50_000, 0)).toBe(false);
    expect(f.overloaded(true, 20_000, 0)).toBe(true);
    expect(f.overloaded(true, 10, 16 * 1024 * 1024)).toBe(true);
  });

  it('resumes waiting publishers once a dispatch leaves the backlog at the low mark', () => {
    const f = new QueueFlow();
    let resumed = 0;
    f.waitForDrain(() => resumed++);
    f.waitForDrain(() => resumed++);
    f.dispatched(10_001, 0);
    f.dispatched(10, 8 * 1024 * 1024 + 1);
    expect(resumed).toBe(0);
    f.dispatched(10_000, 0);
    expect(resumed).toBe(2);
  });

  it('lets publishers go after the bounded wait, and stops pausing them while consumers take nothing', async () => {
    const f = new QueueFlow();
    let resumed = 0;
    f.waitForDrain(() => resumed++);
    f.delivered();
    await wait(80);
    expect(resumed).toBe(1);
    expect(f.overloaded(true, 30_000, 0)).toBe(true); // slow consumers: publishers keep pausing
    f.waitForDrain(() => resumed++);
    await wait(80);
    expect(resumed).toBe(2);
    expect(f.overloaded(true, 30_000, 0)).toBe(false); // stalled consumers
    f.dispatched(100, 0);
    expect(f.overloaded(true, 30_000, 0)).toBe(true);
  });
});
