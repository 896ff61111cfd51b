import { describe, it, expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('matches the known answer for "123456789"', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('matches zlib for every length and offset, short and long, and when chained', () => {
    const buf = randomBytes(2000);
    for (let len = 0; len < 600; len += 7) {
      for (const start of [0, 1, 3]) {
        expect(crc32(buf, start, start + len)).toBe(zlibCrc32(buf.subarray(start, start + len)));
      }
    }
    expect(crc32(buf, 0, 2000)).toBe(zlibCrc32(buf));
    const chained = crc32(buf, 100, 2000, crc32(buf, 0, 100));
    expect(chained).toBe(zlibCrc32(buf));
  });
});
