import { describe, expect, it } from 'vitest';
import { coreVhost, declareExchange, declareQueue, publish } from '../test-support/core-fakes';

describe('message counters', () => {
  it('counts on queues and exchanges, and the vhost totals keep what deleted ones counted', () => {
    const v = coreVhost();
    const q = declareQueue(v, 'work');
    declareExchange(v, 'events', 'direct');
    publish(v, '', 'work');
    publish(v, '', 'work');
    publish(v, 'events', 'nowhere');
    const e = q.get(false)!;
    q.ack(e);
    q.get(true);
    q.get(false);
    expect(q.stats).toMatchObject({ publish: 2, get: 1, getNoAck: 1, getEmpty: 1, ack: 1, deliver: 0 });
    expect(v.exchange('')!.stats).toMatchObject({ publishIn: 2, publishOut: 2 });
    expect(v.exchange('events')!.stats).toMatchObject({ publishIn: 1, publishOut: 0 });
    const before = { publish: 3, get: 1, getNoAck: 1, getEmpty: 1, ack: 1, dropUnroutable: 1 };
    expect(v.messageTotals()).toMatchObject(before);
    v.deleteQueue('work', false, false, null);
    v.deleteExchange('events', false);
    expect(v.messageTotals()).toMatchObject(before);
  });
});
