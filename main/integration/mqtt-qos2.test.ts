// QoS 2 done properly (RabbitMQ 3.10 downgrades it to QoS 1, so this is Warren's alone): SUBACK
// grants 2, PUBLISH/PUBREC/PUBREL/PUBCOMP both ways, and a resent QoS 2 PUBLISH (same packet id,
// before PUBREL) is routed once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { againstReference, mqttConnect, rawSession } from './mqtt-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

describe.skipIf(againstReference)('MQTT QoS 2', () => {
  it('is granted and delivered at QoS 2 end to end', async () => {
    const topic = `${uniqueName('qos2')}/t`;
    const sub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('sub') });
    const granted = await sub.subscribeAsync(topic, { qos: 2 });
    expect(granted[0].qos).toBe(2);
    const pub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('pub') });
    await pub.publishAsync(topic, 'exactly once', { qos: 2 }); // resolves on PUBCOMP
    const m = await sub.inbox.next();
    expect([m.payload, m.packet.qos]).toEqual(['exactly once', 2]);
    // a QoS 1 publish to a QoS 2 subscription arrives at QoS 1 (the lower of the two)
    await pub.publishAsync(topic, 'at least once', { qos: 1 });
    expect((await sub.inbox.next()).packet.qos).toBe(1);
    expect(await sub.inbox.none()).toEqual([]);
  });

  it('routes a resent QoS 2 PUBLISH once: the packet id is remembered until PUBREL', async () => {
    const topic = `${uniqueName('qos2-dup')}/t`;
    const sub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('sub') });
    await sub.subscribeAsync(topic, { qos: 2 });
    const raw = await rawSession(broker.mqttUrl, 4, uniqueName('raw'));
    const publish = { cmd: 'publish' as const, topic, payload: Buffer.from('once'), qos: 2 as const, messageId: 7, retain: false };
    raw.send({ ...publish, dup: false });
    raw.send({ ...publish, dup: true });
    expect((await raw.next('pubrec')).messageId).toBe(7);
    expect((await raw.next('pubrec')).messageId).toBe(7);
    raw.send({ cmd: 'pubrel', messageId: 7 });
    expect((await raw.next('pubcomp')).messageId).toBe(7);
    expect((await sub.inbox.next()).payload).toBe('once');
    expect(await sub.inbox.none()).toEqual([]);
    raw.socket.destroy();
  });
});
