// Slowing password guessers: after failed logins by one user name from one address, the answer
// to that pair's next attempts waits (250 ms after the second failure, doubling up to 4 s); a
// success clears the pair, and a pair not heard of for 5 minutes is forgotten. Keyed by address
// AND user name, so other users on the same machine (or behind the same NAT) are never slowed;
// a guesser spraying many user names is not slowed by this either — it is logged.
export interface ThrottleSettings {
  /** the wait after the second failure in a row (the first failure waits nothing) */
  baseMs: number;
  capMs: number;
  /** a pair with no attempt for this long starts again from nothing */
  forgetMs: number;
  /** pairs remembered at most (the oldest go first), so a flood of names cannot grow memory */
  maxPairs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { baseMs: 250, capMs: 4000, forgetMs: 5 * 60_000, maxPairs: 10_000 };

interface Failures { count: number; last: number }

export class LoginThrottle {
  private readonly pairs = new Map<string, Failures>();

  constructor(private readonly settings: ThrottleSettings = DEFAULT_THROTTLE, private readonly now: () => number = Date.now) {}

  /** How long the answer to an attempt by `user` from `address` must wait (ms). */
  waitFor(address: string, user: string): number {
    const f = this.current(key(address, user));
    if (!f || f.count < 1) return 0;
    return Math.min(this.settings.capMs, this.settings.baseMs * 2 ** (f.count - 1));
  }

  failed(address: string, user: string): void {
    const k = key(address, user);
    const count = (this.current(k)?.count ?? 0) + 1;
    this.pairs.delete(k); // re-inserted last: the map's order is oldest attempt first
    this.pairs.set(k, { count, last: this.now() });
    if (this.pairs.size > this.settings.maxPairs) this.pairs.delete(this.pairs.keys().next().value!);
  }

  succeeded(address: string, user: string): void {
    this.pairs.delete(key(address, user));
  }

  private current(k: string): Failures | undefined {
    const f = this.pairs.get(k);
    if (f && this.now() - f.last > this.settings.forgetMs) { this.pairs.delete(k); return undefined; }
    return f;
  }
}

const key = (address: string, user: string): string => `${address}\u0000${user}`;
