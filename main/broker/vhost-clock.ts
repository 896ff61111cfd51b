// The sandbox clock (issue 15): a vhost whose broker-measured durations run 10 or 60 times faster,
// so that TTL, x-expires, delayed messages and consumer timeouts can be watched in a lesson without
// waiting. Only durations the broker measures are scaled; message timestamps, the management API's
// times and everything else a client sees stay in real time, and other vhosts are never affected.
//
// Changing the scale while messages wait: deadlines already set keep their real time (a queued
// message's expiry, a delayed message's due time; new arrivals use the new scale). Durations the
// broker measures when it looks (x-expires since the last use, the consumer timeout since a
// delivery) use the scale of that moment, so they speed up or slow down at once.

/** the scales a vhost's clock may run at: real time, ×10, ×60 */
export const CLOCK_SCALES = [1, 10, 60] as const;
export type ClockScale = (typeof CLOCK_SCALES)[number];

/** A scale other than 1, 10 or 60. */
export class ClockScaleError extends Error {
  constructor(value: unknown) {
    super(`clock scale must be 1, 10 or 60, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
  }
}

export function isClockScale(value: unknown): value is ClockScale {
  return (CLOCK_SCALES as readonly unknown[]).includes(value);
}

/** `value` as a scale, or ClockScaleError. */
export function checkClockScale(value: unknown): ClockScale {
  if (!isClockScale(value)) throw new ClockScaleError(value);
  return value;
}

/** How long `ms` of broker time lasts in real time at `scale` (for timers outside the core, such
 *  as a simulated consumer's processing time). */
export function realDuration(ms: number, scale: number): number {
  return ms / scale;
}

/** A vhost's clock scale; 1 for a vhost that does not exist. For callers that hold only the
 *  broker (simulated clients: `vhostClockScale(broker, spec.vhost)`). */
export function vhostClockScale(broker: { vhost(name: string): { clockScale: number } | undefined }, vhost: string): number {
  return broker.vhost(vhost)?.clockScale ?? 1;
}
