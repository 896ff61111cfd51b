import { describe, expect, it } from 'vitest';
import { parseFault } from './fault-points';

describe('WARREN_FAULT', () => {
  it('names a point and how many times it is passed before the kill', () => {
    expect(parseFault('after-fsync:12')).toEqual({ point: 'after-fsync', count: 12 });
    expect(parseFault('before-rename:1')).toEqual({ point: 'before-rename', count: 1 });
  });

  it('refuses a value that would kill nowhere', () => {
    for (const bad of ['after-fsync', 'after-fsync:0', 'after-sync:3', 'after-fsync:x', ' after-rename:2']) {
      expect(() => parseFault(bad), bad).toThrow(/WARREN_FAULT/);
    }
  });
});
