// message_stats over the management HTTP API: publishes, deliveries, gets, acks, confirms and
// returns counted on queues, exchanges, channels and the overview, with RabbitMQ's names.
// WARREN_TEST_MGMT_URL runs it against the reference RabbitMQ (whose statistics lag by seconds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../test-support/wait';
import { closeAll, connect } from './amqp-util';
import { uniqueName } from './harness';
import { connectionName, seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let V: string;
const LAG = { ms: 20000, stepMs: 100 };

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('stats');
  V = seg(vh);
  expect((await t.call('PUT', `/api/vhosts/${V}`)).status).toBe(201);
});
afterAll(async () => {
  await closeAll();
  await t.call('DELETE', `/api/vhosts/${V}`);
  await t.stop();
});

/** GET `path` until its message_stats hold the `expected` counts; returns them. */
async function statsOf(path: string, expected: Record<string, number>): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const holds = (b: any): boolean => Object.entries(expected).every(([k, n]) => b?.message_stats?.[k] === n); // eslint-disable-line @typescript-eslint/no-explicit-any
  const body = await pollUntil(async () => (await t.call('GET', path)).json, holds, { what: `${JSON.stringify(expected)} at ${path}`, ...LAG });
  return body.message_stats;
}

describe('message_stats', () => {
  it('counts publishes, deliveries, gets, acks, confirms and returns where RabbitMQ does', async () => {
    const c = await connect(t.amqpUrl(vh));
    const ch = await c.createConfirmChannel();
    await ch.assertQueue('work', { durable: false });
    for (let i = 0; i < 3; i++) ch.publish('', 'work', Buffer.from(`m${i}`));
    ch.publish('amq.direct', 'nowhere', Buffer.from('lost'), { mandatory: true });
    await ch.waitForConfirms();
    const got = await ch.get('work');
    ch.ack(got as Exclude<typeof got, false>);
    let left = 2;
    const drained = new Promise<void>((resolve) => {
      void ch.consume('work', (m) => { ch.ack(m!); if (--left === 0) resolve(); });
    });
    await drained;

    const q = await statsOf(`/api/queues/${V}/work`, { publish: 3, deliver: 2, get: 1, deliver_get: 3, deliver_no_ack: 0, get_no_ack: 0, redeliver: 0, ack: 3 });
    expect(q.publish_details).toEqual({ rate: expect.any(Number) });
    expect(await statsOf(`/api/exchanges/${V}/amq.direct`, { publish_in: 1 })).toEqual({ publish_in: 1, publish_in_details: { rate: expect.any(Number) } });
    await statsOf(`/api/exchanges/${V}/amq.default`, { publish_in: 3, publish_out: 3 });
    const channelPath = `/api/channels/${seg(`${connectionName(c)} (1)`)}`;
    await statsOf(channelPath, { publish: 4, confirm: 4, return_unroutable: 1, drop_unroutable: 0, deliver: 2, get: 1, get_empty: 0, deliver_get: 3, ack: 3 });
    const overview = (await t.call('GET', '/api/overview')).json.message_stats;
    expect(overview.publish).toBeGreaterThanOrEqual(4);
    expect(overview.ack_details).toEqual({ rate: expect.any(Number) });
  });

  it('leaves message_stats out of objects nothing passed through', async () => {
    expect((await t.call('PUT', `/api/queues/${V}/idle`, { body: {} })).status).toBe(201);
    expect((await t.call('GET', `/api/queues/${V}/idle`)).json.message_stats).toBeUndefined();
    expect((await t.call('GET', `/api/exchanges/${V}/amq.topic`)).json.message_stats).toBeUndefined();
  });
});
