// Waiting in tests: bound a promise by a timeout, or poll until a condition holds. A poll waits for
// something the test can observe (a queue's count, a page's text), never for a fixed time.

/** Rejects after ms, naming what it waited for, so a hung wait fails quickly and says why. */
export function within<T>(p: Promise<T>, ms = 5000, what = 'operation'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

export interface PollOptions {
  /** what is awaited, for the timeout message */
  what?: string;
  /** give up after this long (default 5 s) */
  ms?: number;
  /** pause between probes (default 10 ms) */
  stepMs?: number;
}

/**
 * Probes until `done` accepts the value, and returns that value; times out with the last value seen.
 * Only for states the test cannot be told about (a queue count, a page's contents).
 */
export async function pollUntil<T>(probe: () => Promise<T> | T, done: (v: T) => boolean, opts: PollOptions = {}): Promise<T> {
  const { what = 'a condition', ms = 5000, stepMs = 10 } = opts;
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value ${describe(v)}`);
    await sleep(stepMs);
  }
}

/** Probes until it returns something truthy, and returns it. */
export function until<T>(probe: () => Promise<T | false | null | undefined> | T | false | null | undefined, opts: PollOptions = {}): Promise<T> {
  return pollUntil(probe, Boolean, opts) as Promise<T>;
}

/** A plain timer: only where the passing of time is itself under test (TTL, heartbeats). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function describe(v: unknown): string {
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}
