// Scenario 5's workload: a topic exchange with 2,000 bindings over 8 queues (exact keys, '*' and '#'
// patterns) and a pool of routing keys. Deterministic (seeded) so both brokers of a comparison get the same
// bindings and the same key sequence. The generator matches keys itself to know what each queue must receive.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** AMQP topic matching: '*' is exactly one word, '#' zero or more. */
export function topicMatch(pattern: string[], key: string[], pi = 0, ki = 0): boolean {
  while (pi < pattern.length) {
    const p = pattern[pi];
    if (p === '#') {
      if (pi === pattern.length - 1) return true;
      for (let k = ki; k <= key.length; k++) if (topicMatch(pattern, key, pi + 1, k)) return true;
      return false;
    }
    if (ki >= key.length) return false;
    if (p !== '*' && p !== key[ki]) return false;
    pi++;
    ki++;
  }
  return ki === key.length;
}

export interface TopicWorkload {
  queues: string[];
  bindings: { queue: string; key: string }[];
  keys: string[];
  /** for each key, the queue indexes it routes to */
  routes: number[][];
  /** seeded key choice for message i */
  pick: (i: number) => number;
}

const W1 = 10, W2 = 20, W3 = 50; // key space: region.service.event = 10,000 keys

export function topicWorkload(opts: { queues?: number; bindings?: number; keys?: number; seed?: number } = {}): TopicWorkload {
  const nq = opts.queues ?? 8, nb = opts.bindings ?? 2000, nk = opts.keys ?? 1000;
  const rnd = mulberry32(opts.seed ?? 42);
  const int = (n: number) => Math.floor(rnd() * n);
  const word = (level: number, i: number) => ['r', 's', 'e'][level] + i;
  const queues = Array.from({ length: nq }, (_, i) => `bench-topic-q${i}`);
  const bindings: { queue: string; key: string }[] = [];
  const seen = new Set<string>();
  while (bindings.length < nb) {
    const r = rnd();
    let key: string;
    if (r < 0.6) key = `${word(0, int(W1))}.${word(1, int(W2))}.${word(2, int(W3))}`; // exact
    else if (r < 0.75) key = `${word(0, int(W1))}.*.${word(2, int(W3))}`;
    else if (r < 0.9) key = `*.${word(1, int(W2))}.${word(2, int(W3))}`;
    else if (r < 0.975) key = `${word(0, int(W1))}.${word(1, int(W2))}.#`;
    else key = `#.${word(2, int(W3))}`;
    const queue = queues[bindings.length % nq];
    if (seen.has(`${queue} ${key}`)) continue;
    seen.add(`${queue} ${key}`);
    bindings.push({ queue, key });
  }
  const keys: string[] = [];
  const keySet = new Set<string>();
  while (keys.length < nk) {
    const k = `${word(0, int(W1))}.${word(1, int(W2))}.${word(2, int(W3))}`;
    if (!keySet.has(k)) { keySet.add(k); keys.push(k); }
  }
  const parsed = bindings.map((b) => ({ q: queues.indexOf(b.queue), p: b.key.split('.') }));
  const routes = keys.map((k) => {
    const kw = k.split('.');
    const qs = new Set<number>();
    for (const b of parsed) if (!qs.has(b.q) && topicMatch(b.p, kw)) qs.add(b.q);
    return [...qs].sort((a, b) => a - b);
  });
  // message i's key: a fixed pseudo-random permutation-like sequence (independent of timing)
  const seq = Array.from({ length: 65536 }, () => int(nk));
  return { queues, bindings, keys, routes, pick: (i) => seq[i & 65535] };
}

/** Expected deliveries per queue from per-key publish counts. */
export function topicExpected(w: TopicWorkload, perKey: Float64Array): number[] {
  const out = new Array<number>(w.queues.length).fill(0);
  w.routes.forEach((qs, k) => { for (const q of qs) out[q] += perKey[k]; });
  return out;
}
