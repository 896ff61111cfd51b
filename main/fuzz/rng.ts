// A seeded pseudo-random source (xorshift128+ folded to 32 bits) so that every fuzz run is
// reproducible from the seed it prints; Math.random is never used by the fuzzer.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    // splitmix32 spreads a small seed over the four words (an all-zero state would stick at zero)
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next() | 1;
  }

  /** a uniform u32 (sfc32) */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** an integer in [0, n) */
  int(n: number): number {
    return n <= 0x1_0000_0000 ? Math.floor((this.u32() / 0x1_0000_0000) * n) : Math.floor(this.float() * n);
  }

  /** an integer in [lo, hi] */
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }

  float(): number { return (this.u32() * 0x20_0000 + (this.u32() >>> 11)) / 2 ** 53; }

  /** true with probability p */
  chance(p: number): boolean { return this.float() < p; }

  pick<T>(items: readonly T[]): T { return items[this.int(items.length)]; }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }

  /** A size skewed towards the small end (most fields are short) with the occasional extreme. */
  size(max: number): number {
    const r = this.float();
    if (r < 0.6) return this.int(Math.min(max, 16) + 1);
    if (r < 0.9) return this.int(Math.min(max, 256) + 1);
    return this.int(max + 1);
  }

  /** A child source for one worker: the same seed gives the same children. */
  fork(i: number): Rng { return new Rng((Math.imul(this.seed, 0x9e3779b1) + i * 0x632be5ab) >>> 0); }
}
