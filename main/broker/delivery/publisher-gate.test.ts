// A client's input resumes only once nothing holds it: alarms (for publishers only), flow control
// and the read-fairness turn each hold it on their own.
import { describe, expect, it } from 'vitest';
import { Alarms } from '../alarms';
import { PublisherGate, type Drainable } from './publisher-gate';

function setup() {
  const input = { paused: false, pauses: 0, pause() { this.paused = true; this.pauses++; }, resume() { this.paused = false; } };
  const said: string[] = [];
  const alarms = new Alarms();
  const gate = new PublisherGate(input, alarms, { blocked: (r) => said.push(`blocked: ${r}`), unblocked: () => said.push('unblocked') });
  return { input, said, alarms, gate };
}

/** A queue whose drain the test decides. */
function queue(): Drainable & { drain(): void } {
  let waiting: (() => void) | null = null;
  return { waitForDrain: (resume) => { waiting = resume; }, drain: () => { waiting?.(); waiting = null; } };
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('PublisherGate', () => {
  it('holds a client for an alarm only once it has published, and lets it go when the alarm clears', () => {
    const { input, said, alarms, gate } = setup();
    alarms.set('memory', true, 'memory high');
    expect(input.paused).toBe(false); // a consumer keeps draining
    gate.notePublish();
    expect([input.paused, gate.blocked]).toEqual([true, true]);
    alarms.set('disk', true, 'disk low');
    alarms.set('memory', false, '');
    expect(input.paused).toBe(true);
    alarms.set('disk', false, '');
    expect([input.paused, gate.blocked]).toEqual([false, false]);
    expect(said).toEqual(['blocked: memory high', 'unblocked']);
  });

  it('resumes only when flow control and the alarm have both let go', () => {
    const { input, alarms, gate } = setup();
    const q = queue();
    gate.notePublish();
    gate.throttle(q);
    gate.throttle(q); // already waiting: one wait
    expect(input.pauses).toBe(1);
    alarms.set('memory', true, 'memory high');
    q.drain();
    expect(input.paused).toBe(true);
    alarms.set('memory', false, '');
    expect(input.paused).toBe(false);
  });

  it('steps aside for one event-loop turn, but not while an alarm holds it anyway', async () => {
    const { input, alarms, gate } = setup();
    gate.yieldTurn();
    expect(input.paused).toBe(true);
    await nextTurn();
    expect(input.paused).toBe(false);
    gate.notePublish();
    alarms.set('memory', true, 'memory high');
    const pauses = input.pauses;
    gate.yieldTurn();
    expect(input.pauses).toBe(pauses);
  });

  it('stops following alarms once closed', () => {
    const { input, said, alarms, gate } = setup();
    gate.notePublish();
    gate.close();
    alarms.set('memory', true, 'memory high');
    expect([input.paused, said]).toEqual([false, []]);
  });
});
