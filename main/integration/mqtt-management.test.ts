// MQTT clients as the management API shows them, as RabbitMQ's does: a connection with protocol
// "MQTT 3.1.1" (or "MQTT 5.0") and the client id in its client properties, one channel, and the
// session's consumers on its mqtt-subscription queues with prefetch 10. Runs against the
// reference with WARREN_TEST_MGMT_URL=http://guest:guest@127.0.0.1:15682.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { startManagement, type ManagementTarget } from './management-support';
import { mqttConnect } from './mqtt-support';
import { until } from '../test-support/wait';

let target: ManagementTarget;
beforeAll(async () => { target = await startManagement(); });
afterAll(async () => { await target?.stop(); });

describe('MQTT in the management API', () => {
  it('lists an MQTT connection with its protocol, client id, channel and consumer', async () => {
    const clientId = uniqueName('mgmt');
    const c = await mqttConnect(target.mqttUrl, { clientId, clean: false });
    await c.subscribeAsync(`${clientId}/t`, { qos: 1 });
    const conn = await until(async () => ((await target.call('GET', '/api/connections')).json as Array<Record<string, any>>) // eslint-disable-line @typescript-eslint/no-explicit-any
      .find((x) => x.client_properties?.client_id === clientId), { what: 'the MQTT connection' });
    expect(conn).toMatchObject({ protocol: 'MQTT 3.1.1', user: 'guest', vhost: '/', channels: 1, client_properties: { client_id: clientId, product: 'MQTT client' } });
    // RabbitMQ lists consumers from its stats, a moment later
    const mine = await until(async () => ((await target.call('GET', '/api/consumers')).json as Array<Record<string, any>>) // eslint-disable-line @typescript-eslint/no-explicit-any
      .find((k) => k.queue.name === `mqtt-subscription-${clientId}qos1`), { what: 'the MQTT consumer', ms: 10_000 });
    expect(mine).toMatchObject({ ack_required: true, prefetch_count: 10, channel_details: { connection_name: conn!.name } });
    await c.unsubscribeAsync(`${clientId}/t`);
    await c.endAsync();
    await target.call('DELETE', `/api/queues/%2F/${encodeURIComponent(`mqtt-subscription-${clientId}qos1`)}`);
  });

  it.skipIf(Boolean(process.env.WARREN_TEST_MGMT_URL))('says MQTT 5.0 for an MQTT 5 client', async () => {
    const clientId = uniqueName('mgmt5');
    await mqttConnect(target.mqttUrl, { clientId, protocolVersion: 5 });
    const conn = await until(async () => ((await target.call('GET', '/api/connections')).json as Array<Record<string, any>>) // eslint-disable-line @typescript-eslint/no-explicit-any
      .find((x) => x.client_properties?.client_id === clientId), { what: 'the MQTT connection' });
    expect(conn.protocol).toBe('MQTT 5.0');
  });
});
