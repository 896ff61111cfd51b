// CRC-32 (IEEE, zlib's polynomial) over a byte range. zlib.crc32 is fastest for long ranges, but
// each call needs a subarray view: for the ~100-byte records that dominate recovery, those
// million short-lived views cost more in garbage collection than the checksum itself. Short
// ranges are therefore done here in JavaScript, slicing-by-4; both give identical results.
import { crc32 as zlibCrc32 } from 'node:zlib';

const JS_MAX = 512;

const T = (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 of buf[start, end), continuing from `prev` (as zlib.crc32(data, prev)). */
export function crc32(buf: Uint8Array, start = 0, end = buf.length, prev = 0): number {
  if (end - start > JS_MAX) return zlibCrc32(buf.subarray(start, end), prev);
  let c = ~prev;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    c = T[768 + (c & 0xff)] ^ T[512 + ((c >>> 8) & 0xff)] ^ T[256 + ((c >>> 16) & 0xff)] ^ T[c >>> 24];
  }
  for (; i < end; i++) c = T[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
