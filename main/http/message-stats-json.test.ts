import { describe, expect, it } from 'vitest';
import { MessageStats } from '../broker/message-stats';
import { CHANNEL_STATS, EXCHANGE_STATS, messageStatsField, ratesOf } from './message-stats-json';

describe('message_stats JSON', () => {
  it('works out per-second rates against the previous reading, renewed at most once a second', () => {
    const s = new MessageStats();
    expect(ratesOf(s, 10_000).publish).toBe(0);
    s.publish = 50;
    expect(ratesOf(s, 10_500).publish).toBe(0); // too soon: the previous rates stand
    expect(ratesOf(s, 12_000).publish).toBe(25);
    s.publish = 60;
    expect(ratesOf(s, 14_000).publish).toBe(5);
  });

  it('sums several sources, adds deliver_get, and leaves out what never counted', () => {
    const a = new MessageStats();
    const b = new MessageStats();
    expect(messageStatsField([a, b], CHANNEL_STATS, 0)).toEqual({});
    a.deliver = 2;
    b.get = 1;
    b.getNoAck = 1;
    a.returnUnroutable = 1;
    const m = messageStatsField([a, b], CHANNEL_STATS, 0).message_stats!;
    expect(m).toMatchObject({ deliver: 2, get: 1, get_no_ack: 1, deliver_get: 4, return_unroutable: 1, publish: 0, publish_details: { rate: 0 } });
    expect(m.publish_in).toBeUndefined();
  });

  it('shows an exchange only its non-zero counters', () => {
    const x = new MessageStats();
    x.publishIn = 3;
    expect(messageStatsField([x], EXCHANGE_STATS, 0)).toEqual({ message_stats: { publish_in: 3, publish_in_details: { rate: 0 } } });
  });
});
