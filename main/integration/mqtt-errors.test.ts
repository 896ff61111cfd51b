// Bad input on the MQTT port closes that connection and hurts nobody else: random bytes, a
// packet before CONNECT, a second CONNECT, a truncated packet, a packet over the size limit.
import mqttPacket from 'mqtt-packet';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { againstReference, mqttConnect, rawConnection, type TestClient } from './mqtt-support';
import { within } from '../test-support/wait';

let broker: TestBroker;
let bystander: TestClient;
const topic = `${uniqueName('bystander')}/t`;
beforeAll(async () => {
  broker = await startBroker();
  bystander = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('bystander') });
  await bystander.subscribeAsync(topic, { qos: 1 });
});
afterAll(async () => { await broker?.stop(); });

/** The bystander still publishes and receives. */
async function bystanderUnaffected(): Promise<void> {
  const body = uniqueName('ping');
  await bystander.publishAsync(topic, body, { qos: 1 });
  expect((await bystander.inbox.next()).payload).toBe(body);
}

const connect = (clientId: string): Buffer => mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 30 });

describe('malformed MQTT input', () => {
  // RabbitMQ 3.10 holds a connection opened with a reserved packet type until its CONNECT timeout.
  it.skipIf(againstReference)('random bytes close the connection at once', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    // 0x10 would be a CONNECT; anything else first is not MQTT
    raw.socket.write(Buffer.concat([Buffer.from([0xf3, 0x05]), randomBytes(4096)]));
    await within(raw.closed, 5000, 'the broker to close');
    await bystanderUnaffected();
  });

  it('a packet before CONNECT closes the connection', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    raw.socket.write(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }));
    await within(raw.closed, 5000, 'the broker to close');
    expect(raw.received().length).toBe(0);
    await bystanderUnaffected();
  });

  // MQTT 3.1.1 §3.1.0-2 makes it a protocol violation; RabbitMQ 3.10 ignores it.
  it.skipIf(againstReference)('a second CONNECT closes the connection', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    raw.socket.write(connect(uniqueName('twice')));
    raw.socket.write(connect(uniqueName('twice')));
    await within(raw.closed, 5000, 'the broker to close');
    expect(raw.received()[0]).toBe(0x20); // the first got its CONNACK
    await bystanderUnaffected();
  });

  it('a truncated packet and a half-closed socket end the connection', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    raw.socket.write(connect(uniqueName('cut')).subarray(0, 9));
    raw.socket.end();
    await within(raw.closed, 5000, 'the broker to close');
    await bystanderUnaffected();
  });

  // RabbitMQ 3.10 takes packets up to MQTT's own limit (256 MB) and waits for the rest.
  it.skipIf(againstReference)('a packet larger than the limit closes the connection from its header, before its body', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    raw.socket.write(connect(uniqueName('big')));
    // a PUBLISH claiming 200 MB (remaining length 0x80 0x80 0xd0 0x5f): only its header is sent
    raw.socket.write(Buffer.from([0x30, 0x80, 0x80, 0xe8, 0x5f, 0x00, 0x01, 0x61]));
    await within(raw.closed, 5000, 'the broker to close');
    await bystanderUnaffected();
  });

  // RabbitMQ 3.11 added max_packet_size_unauthenticated (64 KB); 3.10 has no such limit.
  it.skipIf(againstReference)('a CONNECT over 64 KB closes the connection before it is read', async () => {
    const raw = await rawConnection(broker.mqttUrl);
    raw.socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: uniqueName('fat'), clean: true, keepalive: 30, will: { topic: 'w', payload: Buffer.alloc(70_000), qos: 0, retain: false } }));
    await within(raw.closed, 5000, 'the broker to close');
    expect(raw.received().length).toBe(0);
    await bystanderUnaffected();
  });
});
