// The MQTT listener in process, with real sockets: what needs settings the CLI does not expose.
import net from 'node:net';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { within } from '../test-support/wait';
import { MqttListener } from './listener';

const log = { info: () => {}, warn: () => {} };
let listener: MqttListener;
let port: number;
beforeAll(async () => {
  listener = new MqttListener(new Broker(), { port: 0, settings: { connectTimeout: 300 }, log });
  port = (await listener.start(['127.0.0.1'])).port;
});
afterAll(async () => { await listener.stop({ kind: 'shutdown', text: 'done' }); });

async function open(): Promise<{ socket: net.Socket; closed: Promise<void>; received: Buffer[] }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const received: Buffer[] = [];
  socket.on('data', (d) => received.push(d));
  return { socket, closed: new Promise((r) => socket.once('close', () => r())), received };
}

describe('MqttListener', () => {
  it('closes a connection that sends no CONNECT in time', async () => {
    const c = await open();
    const started = Date.now();
    await within(c.closed, 3000, 'the CONNECT timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('closes a connection whose will has a topic with a wildcard, without CONNACK', async () => {
    const c = await open();
    c.socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'w', clean: true, keepalive: 0, will: { topic: 'a/+', payload: Buffer.from('x'), qos: 0, retain: false } }));
    await within(c.closed, 3000, 'the close');
    expect(Buffer.concat(c.received).length).toBe(0);
  });

  // found by the fuzzer (main/fuzz): retained messages outlived their vhost (RSS 97 -> 913 MiB
  // after a million fuzz packets and the fuzz vhost's deletion)
  it('a deleted vhost takes its retained messages with it', () => {
    const broker = new Broker();
    broker.addVhost('gone');
    const l = new MqttListener(broker, { port: 0, log });
    const m = { topic: 't', payload: Buffer.from('x'), qos: 0 as const };
    l.shared.retained.retain('gone', m);
    l.shared.retained.retain('/', m);
    expect(l.shared.retained.list('gone')).toHaveLength(1);
    broker.deleteVhost('gone');
    expect([l.shared.retained.list('gone'), l.shared.retained.historyOf('gone', 't')]).toEqual([[], []]);
    expect(l.shared.retained.list('/')).toHaveLength(1);
  });
});
