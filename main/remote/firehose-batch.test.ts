import { describe, expect, it } from 'vitest';
import { FlowBatcher } from './firehose-batch';

describe('FlowBatcher', () => {
  it('sends what fits in a tick and counts the rest as dropped, then starts afresh', () => {
    const b = new FlowBatcher('v', { tickMs: 100, maxEvents: 2, maxBytes: 1000 });
    expect(b.take(1)).toBeNull();
    for (let id = 1; id <= 3; id++) if (b.room(100)) b.push({ k: 'requeue', id, queue: 'q' });
    expect(b.take(5)).toEqual({ vhost: 'v', t: 5, events: [{ k: 'requeue', id: 1, queue: 'q' }, { k: 'requeue', id: 2, queue: 'q' }], dropped: 1 });
    expect(b.take(6)).toBeNull();
    expect(b.room(1001)).toBe(false);
    expect(b.take(7)).toEqual({ vhost: 'v', t: 7, events: [], dropped: 1 });
  });
});
