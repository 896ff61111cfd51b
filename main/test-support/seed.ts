// A seeded random source for tests that pick kill points, sizes or orders at random, so a failure can
// be replayed: the seed comes from WARREN_TEST_SEED or is drawn at random, and is printed either way.
//   WARREN_TEST_SEED=1234 npx vitest run main/store/crash.test.ts

export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  // mulberry32: small, fast, and good enough to spread test parameters.
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** The run's random source, from WARREN_TEST_SEED or a fresh seed; `what` names it in the printed line. */
export function testRandom(what: string): SeededRandom {
  const given = process.env.WARREN_TEST_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`WARREN_TEST_SEED='${given}' is not an integer`);
  console.log(`${what}: WARREN_TEST_SEED=${seed}`);
  return seededRandom(seed);
}
