// MQTT meets AMQP through amq.topic, as on RabbitMQ: an AMQP publish reaches MQTT subscribers and
// an MQTT publish reaches AMQP queues, with RabbitMQ's headers and delivery mode; the session's
// queues are named and declared as RabbitMQ declares them. Also mosquitto_pub/mosquitto_sub and
// paho-mqtt (Debian's python3) against the same broker.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { useSharedBroker, within, type ConsumeMessage } from './amqp-util';
import { mqttConnect } from './mqtt-support';
import { startProcess } from './pika-support';

const shared = useSharedBroker();
const run = promisify(execFile);
const port = (): string => new URL(shared.broker.mqttUrl).port;

describe('MQTT and AMQP through amq.topic', () => {
  it('an AMQP publish to amq.topic reaches an MQTT subscriber, at QoS 1 for a QoS 1 subscription', async () => {
    const root = uniqueName('a2m');
    const sub = await mqttConnect(shared.broker.mqttUrl, { clientId: uniqueName('sub') });
    await sub.subscribeAsync(`${root}/+/status`, { qos: 1 });
    const ch = await shared.conn.createChannel();
    ch.publish('amq.topic', `${root}.pump.status`, Buffer.from('on'));
    const m = await sub.inbox.next();
    expect([m.topic, m.payload, m.packet.qos]).toEqual([`${root}/pump/status`, 'on', 1]);
    await ch.close();
  });

  it("an MQTT publish reaches an AMQP queue bound to amq.topic, with RabbitMQ's headers and delivery mode", async () => {
    const root = uniqueName('m2a');
    const ch = await shared.conn.createChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(queue, 'amq.topic', `${root}.#`);
    const got: ConsumeMessage[] = [];
    const arrived = new Promise<void>((resolve) => { void ch.consume(queue, (msg) => { if (msg) { got.push(msg); if (got.length === 2) resolve(); } }, { noAck: true }); });
    const pub = await mqttConnect(shared.broker.mqttUrl, { clientId: uniqueName('pub') });
    await pub.publishAsync(`${root}/a/b`, 'q1', { qos: 1 });
    await pub.publishAsync(`${root}/c`, 'q0', { qos: 0 });
    await within(arrived, 3000, 'two AMQP deliveries');
    expect(got.map((m) => [m.fields.routingKey, m.content.toString(), m.properties.deliveryMode, m.properties.headers?.['x-mqtt-publish-qos'], m.properties.headers?.['x-mqtt-dup']]))
      .toEqual([[`${root}.a.b`, 'q1', 2, 1, false], [`${root}.c`, 'q0', 1, 0, false]]);
    await ch.close();
  });

  it("names and declares the session's queues as RabbitMQ does", async () => {
    const clean = uniqueName('qclean');
    const persistent = uniqueName('qkeep');
    const a = await mqttConnect(shared.broker.mqttUrl, { clientId: clean });
    await a.subscribeAsync(`${clean}/t`, { qos: 0 });
    const b = await mqttConnect(shared.broker.mqttUrl, { clientId: persistent, clean: false });
    await b.subscribeAsync(`${persistent}/t`, { qos: 1 });
    const ch = await shared.conn.createChannel();
    ch.on('error', () => { /* the refused redeclare below closes it */ });
    // passive declares: they exist under RabbitMQ's names
    await ch.checkQueue(`mqtt-subscription-${clean}qos0`);
    await ch.checkQueue(`mqtt-subscription-${persistent}qos1`);
    // the persistent session's queue is durable with x-expires: redeclaring it otherwise fails
    await expect(ch.assertQueue(`mqtt-subscription-${persistent}qos1`, { durable: false })).rejects.toThrow(/PRECONDITION_FAILED/);
    await b.unsubscribeAsync(`${persistent}/t`);
    await b.endAsync();
    const ch2 = await shared.conn.createChannel();
    await ch2.deleteQueue(`mqtt-subscription-${persistent}qos1`);
    await ch2.close();
  });
});

describe('other MQTT clients', () => {
  it('mosquitto_pub and mosquitto_sub exchange messages at QoS 1', async () => {
    const topic = `${uniqueName('mosq')}/t`;
    // stdbuf: mosquitto_sub's debug lines unbuffered, so its SUBACK is seen before the publish
    const sub = startProcess('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-p', port(), '-t', topic, '-q', '1', '-C', '1', '-v', '-d'], 15_000);
    await sub.waitForLine(/SUBACK/);
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', port(), '-t', topic, '-q', '1', '-m', 'from mosquitto']);
    const { code, stdout } = await sub.done;
    expect(code).toBe(0);
    expect(stdout).toContain(`${topic} from mosquitto`);
  });

  it('paho-mqtt (python3) publishes at QoS 1 to an mqtt.js subscriber', async () => {
    const topic = `${uniqueName('paho')}/t`;
    const sub = await mqttConnect(shared.broker.mqttUrl, { clientId: uniqueName('sub') });
    await sub.subscribeAsync(topic, { qos: 1 });
    const script = [
      'import sys, paho.mqtt.client as mqtt',
      'c = mqtt.Client(client_id="paho-pub", protocol=mqtt.MQTTv311)',
      'c.connect("127.0.0.1", int(sys.argv[1]))',
      'c.loop_start()',
      'info = c.publish(sys.argv[2], b"from paho", qos=1)',
      'info.wait_for_publish(5)',
      'print("published", info.is_published())',
      'c.disconnect(); c.loop_stop()',
    ].join('\n');
    const { stdout } = await run('/usr/bin/python3', ['-c', script, port(), topic], { timeout: 15_000 });
    expect(stdout).toContain('published True');
    const m = await sub.inbox.next();
    expect([m.topic, m.payload]).toEqual([topic, 'from paho']);
  });
});
