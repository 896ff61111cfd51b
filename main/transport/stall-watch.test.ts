// StallWatch: a peer that reads nothing is stalled after the timeout; one that reads a little now
// and then, or drains, starts the clock again. (Times are Date.now() values, never 0.)
import { describe, expect, it } from 'vitest';
import { StallWatch } from './stall-watch';

describe('StallWatch', () => {
  it('calls a backed-up stream whose pending output never shrinks stalled once the timeout has passed', () => {
    const w = new StallWatch();
    expect(w.stalled(true, 5000, 1000, 3000)).toBe(false); // the clock starts
    expect(w.stalled(true, 9000, 3000, 3000)).toBe(false); // more pending, not read: still counting
    expect(w.stalled(true, 9000, 4001, 3000)).toBe(true);
  });

  it('starts again when the peer reads some of it, or the stream drains', () => {
    const w = new StallWatch();
    w.stalled(true, 5000, 1000, 3000);
    expect(w.stalled(true, 4000, 3500, 3000)).toBe(false); // read 1000 bytes: the clock restarts at 3500
    expect(w.stalled(true, 4000, 6000, 3000)).toBe(false);
    expect(w.stalled(true, 4000, 6501, 3000)).toBe(true);
    expect(w.stalled(false, 0, 7000, 3000)).toBe(false); // drained
    expect(w.stalled(true, 4000, 7001, 3000)).toBe(false); // backed up again: a new clock
  });
});
