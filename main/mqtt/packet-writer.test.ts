import { PassThrough } from 'node:stream';
import mqtt, { type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { BY_REFERENCE_MIN, PacketWriter } from './packet-writer';

/** A socket stand-in that records each write() it is given. */
function recordingStream(): { stream: PassThrough; writes: Buffer[] } {
  const stream = new PassThrough();
  const writes: Buffer[] = [];
  const write = stream.write.bind(stream);
  stream.write = ((chunk: Buffer, ...rest: never[]) => { writes.push(chunk); return write(chunk, ...rest); }) as typeof stream.write;
  return { stream, writes };
}

const publish = (topic: string, payload: Buffer, messageId?: number): Packet =>
  ({ cmd: 'publish', topic, payload, qos: messageId ? 1 : 0, dup: false, retain: false, messageId });

describe('PacketWriter', () => {
  it('sends a burst of packets as one write with the bytes the codec generates', () => {
    const { stream, writes } = recordingStream();
    const w = new PacketWriter(stream);
    const packets = [publish('a/b', Buffer.from('x')), publish('a/ü', Buffer.from('yz'), 7), { cmd: 'puback', messageId: 9 } as Packet];
    for (const p of packets) w.encode(p, 4);
    expect(w.pendingBytes).toBeGreaterThan(0);
    w.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual(Buffer.concat(packets.map((p) => mqtt.generate(p, { protocolVersion: 4 }))));
    expect(w.pendingBytes).toBe(0);
  });

  it('keeps each connection\'s bytes apart when connections write in turns', () => {
    const a = recordingStream();
    const b = recordingStream();
    const wa = new PacketWriter(a.stream);
    const wb = new PacketWriter(b.stream);
    const pa = [publish('one', Buffer.from('1')), publish('three', Buffer.from('3'))];
    const pb = [publish('two', Buffer.from('2'))];
    wa.encode(pa[0], 4);
    wb.encode(pb[0], 4);
    wa.encode(pa[1], 4);
    wa.flush();
    wb.flush();
    expect(Buffer.concat(a.writes)).toEqual(Buffer.concat(pa.map((p) => mqtt.generate(p))));
    expect(Buffer.concat(b.writes)).toEqual(Buffer.concat(pb.map((p) => mqtt.generate(p))));
  });

  it('passes a large payload by reference, not copied', () => {
    const { stream, writes } = recordingStream();
    const w = new PacketWriter(stream);
    const payload = Buffer.alloc(BY_REFERENCE_MIN, 7);
    w.encode(publish('big', payload), 4);
    w.flush();
    expect(writes.some((b) => b === payload)).toBe(true);
    expect(Buffer.concat(writes)).toEqual(mqtt.generate(publish('big', payload)));
  });
});
