import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  const settings = { baseMs: 250, capMs: 4000, forgetMs: 60_000, maxPairs: 3 };

  it('waits nothing at first, then doubles after each failure up to the cap; a success clears it', () => {
    const t = new LoginThrottle(settings, () => 0);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) { waits.push(t.waitFor('10.0.0.1', 'bob')); t.failed('10.0.0.1', 'bob'); }
    expect(waits).toEqual([0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
    t.succeeded('10.0.0.1', 'bob');
    expect(t.waitFor('10.0.0.1', 'bob')).toBe(0);
  });

  it('keeps address and user apart, forgets a quiet pair, and remembers a bounded number', () => {
    let now = 0;
    const t = new LoginThrottle(settings, () => now);
    t.failed('10.0.0.1', 'bob');
    expect(t.waitFor('10.0.0.1', 'alice')).toBe(0);
    expect(t.waitFor('10.0.0.2', 'bob')).toBe(0);
    expect(t.waitFor('10.0.0.1', 'bob')).toBe(250);
    now = 60_001;
    expect(t.waitFor('10.0.0.1', 'bob')).toBe(0);
    for (const u of ['a', 'b', 'c', 'd']) t.failed('10.0.0.1', u);
    expect(t.waitFor('10.0.0.1', 'a')).toBe(0); // the oldest of four went
    expect(t.waitFor('10.0.0.1', 'd')).toBe(250);
  });
});
