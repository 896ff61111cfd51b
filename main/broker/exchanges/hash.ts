// A fast, well-mixed 32-bit string hash for the hashing exchange types: FNV-1a over UTF-16 code
// units, then murmur3's finaliser so nearby keys ("k1", "k2") spread over the whole range.
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
