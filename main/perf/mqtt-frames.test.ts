// The load generator's hand-encoded MQTT packets must be what a real codec (mqtt-packet) reads, and its
// packet walker must survive packets split across reads of one reused buffer.
import { describe, expect, it } from 'vitest';
import mqttPacket, { type Packet } from 'mqtt-packet';
import * as M from './mqtt-frames';
import { pushInCutReads } from '../test-support/cut-reads';

function parseAll(buf: Buffer): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: Packet[] = [];
  const errors: Error[] = [];
  parser.on('packet', (p: Packet) => out.push(p));
  parser.on('error', (e: Error) => errors.push(e));
  parser.parse(buf);
  if (errors.length) throw errors[0];
  return out;
}

describe('MQTT generator packets', () => {
  it('CONNECT, SUBSCRIBE, PUBACK, PINGREQ and DISCONNECT parse as MQTT 3.1.1', () => {
    const stream = Buffer.alloc(4);
    M.writePuback(stream, 0, 0x1234);
    const [connect, anon, sub, ack, ping, disc] = parseAll(Buffer.concat([
      M.connect({ clientId: 'bench-c1', keepaliveS: 60, user: 'guest', pass: 'guest' }),
      M.connect({ clientId: 'bench-c2', keepaliveS: 0 }),
      M.subscribe(7, 'bench/fanin/+', 1),
      stream, M.PINGREQ, M.DISCONNECT,
    ]));
    expect(connect).toMatchObject({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, clientId: 'bench-c1', username: 'guest' });
    expect(String((connect as mqttPacket.IConnectPacket).password)).toBe('guest');
    expect(anon).toMatchObject({ cmd: 'connect', clientId: 'bench-c2', keepalive: 0 });
    expect((anon as mqttPacket.IConnectPacket).username).toBeUndefined();
    expect(sub).toMatchObject({ cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'bench/fanin/+', qos: 1 }] });
    expect(ack).toMatchObject({ cmd: 'puback', messageId: 0x1234 });
    expect(ping.cmd).toBe('pingreq');
    expect(disc.cmd).toBe('disconnect');
  });

  it('PUBLISH templates carry topic, QoS, the patched packet id and sequence number, and the publisher', () => {
    for (const qos of [0, 1] as const) {
      const e = M.encodePublish('bench/fanin/42', qos, 42, 16);
      const buf = Buffer.from(e.bytes);
      buf.writeUInt32BE(1, e.payloadOffset);
      buf.writeUInt32BE(5, e.payloadOffset + 4);
      if (qos) buf.writeUInt16BE(65535, e.idOffset);
      else expect(e.idOffset).toBe(-1);
      const [p] = parseAll(buf) as mqttPacket.IPublishPacket[];
      expect(p).toMatchObject({ cmd: 'publish', topic: 'bench/fanin/42', qos, retain: false, dup: false });
      if (qos) expect(p.messageId).toBe(65535);
      const payload = Buffer.from(p.payload as Buffer);
      expect(payload.length).toBe(16);
      expect(payload.readUInt32BE(0) * 2 ** 32 + payload.readUInt32BE(4)).toBe(2 ** 32 + 5);
      expect(payload.readUInt32BE(8)).toBe(42);
    }
    expect(() => M.encodePublish('t', 0, 0, M.PAYLOAD_MIN - 1)).toThrow(/at least/);
  });
});

describe('MqttReader', () => {
  // packets from the real codec, with 1- and 2-byte remaining lengths, as a broker sends them
  const packets = [
    mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }),
    mqttPacket.generate({ cmd: 'suback', messageId: 1, granted: [1] }),
    mqttPacket.generate({ cmd: 'publish', topic: 'bench/fanin/3', qos: 1, messageId: 9, payload: Buffer.alloc(300, 7), retain: false, dup: false }),
    mqttPacket.generate({ cmd: 'puback', messageId: 513 }),
    mqttPacket.generate({ cmd: 'pingresp' }),
    mqttPacket.generate({ cmd: 'publish', topic: 'b', qos: 0, payload: Buffer.alloc(5000, 3), retain: false, dup: false }),
  ];
  const stream = Buffer.concat(packets);
  const expected = packets.map((p) => p.toString('hex'));

  /** Feeds the stream cut at `cuts` and returns each packet re-framed. */
  function walk(cuts: number[]): string[] {
    const seen: string[] = [];
    const reader = new M.MqttReader((first, buf, p, len) => {
      seen.push(Buffer.concat([Buffer.from([first, ...M.remainingLength(len)]), buf.subarray(p, p + len)]).toString('hex'));
    });
    pushInCutReads(stream, cuts, (chunk) => reader.push(chunk));
    return seen;
  }

  it('hands on every packet whole, however the reads cut them', () => {
    expect(walk([])).toEqual(expected);
    for (let cut = 1; cut < stream.length; cut++) expect(walk([cut])).toEqual(expected);
    expect(walk(Array.from({ length: stream.length - 1 }, (_, i) => i + 1))).toEqual(expected);
  });

  it('refuses a remaining length longer than four bytes', () => {
    const reader = new M.MqttReader(() => {});
    expect(() => reader.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/remaining length/);
  });
});

