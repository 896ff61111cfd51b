// pika against the broker: channel errors close only the channel, with the right reply codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

describe('pika channel errors', () => {
  it('reports 404 / 406 / 405 as ChannelClosedByBroker and keeps the connection open', async () => {
    const r = await startPython('pika_channel_errors.py', [broker.url, uniqueName('cherr')]).done;
    const ev = events(r, 'pika_channel_errors.py');
    const codes = Object.fromEntries(ev.filter((e) => e.case).map((e) => [e.case, e.reply_code]));
    expect(codes).toEqual({
      'passive-declare-missing-queue': 404,
      'passive-declare-missing-exchange': 404,
      'exchange-redeclare-type-mismatch': 406,
      'exchange-redeclare-durable-mismatch': 406,
      'queue-redeclare-durable-mismatch': 406,
      'exclusive-queue-declare-from-other-connection': 405,
      'exclusive-queue-consume-from-other-connection': 405,
      'publish-to-missing-exchange': 404,
      'publish-with-foreign-user-id': 406,
    });
    for (const e of ev.filter((x) => x.case)) {
      expect(e.event).toBe('channel-closed');
      expect(e.exception).toBe('ChannelClosedByBroker');
      expect(e.connection_open).toBe(true);
      const name = { 404: 'NOT_FOUND', 405: 'RESOURCE_LOCKED', 406: 'PRECONDITION_FAILED' }[e.reply_code as 404 | 405 | 406];
      expect(e.reply_text).toMatch(new RegExp(`^${name} - `));
    }
    expect(ev.find((e) => e.event === 'setup-channel-still-open')).toMatchObject({ open: true });
  });

  it('an exclusive consumer locks out every other consumer with 403 ACCESS_REFUSED', async () => {
    const r = await startPython('pika_exclusive_consumer.py', [broker.url, uniqueName('exclcons')]).done;
    const ev = events(r, 'pika_exclusive_consumer.py');
    expect(ev[0]).toEqual({ event: 'exclusive-consumer', consumer_tag_ok: true });
    const outcome = Object.fromEntries(ev.slice(1).map((e) => [e.case, e.event === 'consumed' ? 'ok' : e.reply_code]));
    expect(outcome).toEqual({
      'other-connection': 403,
      'same-connection-other-channel': 403,
      'other-connection-exclusive': 403,
      'after-cancel': 'ok',
      'exclusive-while-other-consumer': 403,
    });
    for (const e of ev.filter((x) => x.event === 'channel-closed')) expect(e.reply_text).toMatch(/^ACCESS_REFUSED - /);
  });
});
