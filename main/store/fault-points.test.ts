import { describe, expect, it } from 'vitest';
import { FAULT_POINTS, faultHook, parseFault } from './fault-points';

describe('WARREN_FAULT', () => {
  it('names a point and how many times it is passed before the kill', () => {
    expect(parseFault('after-fsync:12')).toEqual({ point: 'after-fsync', count: 12 });
    expect(parseFault('before-rename:1')).toEqual({ point: 'before-rename', count: 1 });
    expect(parseFault('mqtt-retained-renamed:3')).toEqual({ point: 'mqtt-retained-renamed', count: 3 });
  });

  it('refuses a value that would kill nowhere', () => {
    for (const bad of ['after-fsync', 'after-fsync:0', 'after-sync:3', 'after-fsync:x', ' after-rename:2', 'definitions-moved:1']) {
      expect(() => parseFault(bad), bad).toThrow(/WARREN_FAULT/);
    }
  });

  it('kills at the count-th visit of its point only, naming it', () => {
    const died: string[] = [];
    const hook = faultHook(parseFault('acks-synced:3'), (line) => died.push(line));
    for (const p of ['acks-synced', 'segment-synced', 'acks-synced', 'acks-written', 'acks-synced', 'acks-synced'] as const) hook(p);
    expect(died).toEqual(['warren fault: acks-synced:3\n']);
  });

  it('has at least twenty distinct points', () => {
    expect(new Set(FAULT_POINTS).size).toBeGreaterThanOrEqual(20);
  });
});
