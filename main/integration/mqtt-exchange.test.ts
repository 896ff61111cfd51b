// --mqtt-exchange: the topic exchange MQTT goes through, for every vhost or (VHOST=X) for one.
// Warren's command line, so Warren only.
import { describe, expect, it } from 'vitest';
import { afterAll, beforeAll } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { channel, connect, within, type ConsumeMessage } from './amqp-util';
import { mqttConnect } from './mqtt-support';

let broker: TestBroker;
beforeAll(async () => { if (!process.env.WARREN_TEST_URL) broker = await startBroker(['--mqtt-exchange', '/=devices']); });
afterAll(async () => { await broker?.stop(); });

describe.skipIf(!!process.env.WARREN_TEST_URL)('--mqtt-exchange', () => {
  it('VHOST=X makes MQTT in that vhost publish through X and subscribe from it', async () => {
    const conn = await connect(broker.url);
    const ch = await channel(conn);
    await ch.assertExchange('devices', 'topic', { durable: false });
    const { queue } = await ch.assertQueue('', { exclusive: true });
    const root = uniqueName('dev');
    await ch.bindQueue(queue, 'devices', `${root}.#`);
    const { queue: onTopic } = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(onTopic, 'amq.topic', `${root}.#`);
    const got = new Promise<ConsumeMessage>((resolve) => { void ch.consume(queue, (m) => { if (m) resolve(m); }, { noAck: true }); });
    const c = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('dev') });
    await c.subscribeAsync(`${root}/cmd`, { qos: 1 });
    await c.publishAsync(`${root}/temp`, '20', { qos: 1 });
    expect((await within(got, 3000, 'the delivery through devices')).fields.exchange).toBe('devices');
    expect(await ch.checkQueue(onTopic)).toMatchObject({ messageCount: 0 });
    ch.publish('devices', `${root}.cmd`, Buffer.from('go'));
    expect((await c.inbox.next()).payload).toBe('go');
    await conn.close();
  });
});
