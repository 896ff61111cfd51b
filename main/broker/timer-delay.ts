// Node's timers hold at most 2^31-1 ms (24.8 days); a longer delay fires after 1 ms instead, with
// a TimeoutOverflowWarning. AMQP TTLs and expiries go up to 2^32-1 ms and MQTT 5 intervals to
// 2^32-1 s, so every timer set from a client's number is clamped here: the callback, finding
// its time not yet come, arms again for the rest.

export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` as a delay Node's timers can hold: 0 to MAX_TIMER_MS. */
export function timerDelay(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

/** Calls `fn` after `ms`, however long, in steps Node's timers can hold (unref'd: they keep no
 *  process alive); `track` gets each step's timer, the one to clear to cancel it. */
export function afterLongDelay(ms: number, fn: () => void, track: (t: NodeJS.Timeout) => void): void {
  const due = Date.now() + ms;
  const step = (): void => {
    const t = setTimeout(() => (Date.now() < due ? step() : fn()), timerDelay(due - Date.now()));
    t.unref();
    track(t);
  };
  step();
}
