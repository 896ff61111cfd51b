// MQTT 3.1.1 packets for the load generator, encoded by hand (the hot path only patches bytes in place),
// and a packet walker that reads from reused socket buffers. 3.1.1 because RabbitMQ 3.10 speaks nothing newer.

export const PKT = { CONNECT: 1, CONNACK: 2, PUBLISH: 3, PUBACK: 4, SUBSCRIBE: 8, SUBACK: 9, PINGREQ: 12, PINGRESP: 13, DISCONNECT: 14 } as const;

export const PINGREQ = Buffer.from([PKT.PINGREQ << 4, 0]);
export const DISCONNECT = Buffer.from([PKT.DISCONNECT << 4, 0]);

/** The fixed header's variable-length encoding of a packet's remaining length. */
export function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function u16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n, 0);
  return b;
}

function packet(first: number, parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([first, ...remainingLength(body.length)]), body]);
}

export interface ConnectOptions { clientId: string; keepaliveS: number; user?: string; pass?: string }

/** CONNECT, MQTT 3.1.1, clean session. */
export function connect(o: ConnectOptions): Buffer {
  let flags = 0x02;
  const payload = [str(o.clientId)];
  if (o.user !== undefined) { flags |= 0x80; payload.push(str(o.user)); }
  if (o.user !== undefined && o.pass !== undefined) { flags |= 0x40; payload.push(str(o.pass)); }
  return packet(PKT.CONNECT << 4, [str('MQTT'), Buffer.from([4, flags]), u16(o.keepaliveS), ...payload]);
}

export function subscribe(packetId: number, filter: string, qos: 0 | 1): Buffer {
  return packet((PKT.SUBSCRIBE << 4) | 0x02, [u16(packetId), str(filter), Buffer.from([qos])]);
}

/** Writes a 4-byte PUBACK for `packetId` at `off`. */
export function writePuback(buf: Buffer, off: number, packetId: number): void {
  buf[off] = PKT.PUBACK << 4;
  buf[off + 1] = 2;
  buf[off + 2] = packetId >> 8;
  buf[off + 3] = packetId & 0xff;
}

/**
 * Payload layout of every benchmark message: sequence number (8 bytes BE, as two uint32) then the
 * publisher's index (uint32 BE); the rest is zero.
 */
export const PAYLOAD_MIN = 12;

export interface EncodedPublish {
  bytes: Buffer;
  /** offset of the packet identifier (-1 at QoS 0) */
  idOffset: number;
  /** offset of the payload's first byte */
  payloadOffset: number;
}

export function encodePublish(topic: string, qos: 0 | 1, publisher: number, payloadSize = 16): EncodedPublish {
  if (payloadSize < PAYLOAD_MIN) throw new Error(`payloads need at least ${PAYLOAD_MIN} bytes`);
  const payload = Buffer.alloc(payloadSize);
  payload.writeUInt32BE(publisher, 8);
  const t = str(topic);
  const parts = qos ? [t, u16(1), payload] : [t, payload];
  const bytes = packet((PKT.PUBLISH << 4) | (qos << 1), parts);
  const payloadOffset = bytes.length - payloadSize;
  return { bytes, idOffset: qos ? payloadOffset - 2 : -1, payloadOffset };
}

/** (first byte, buffer, offset of the variable header, remaining length). Must not keep `buf`. */
export type PacketHandler = (first: number, buf: Buffer, p: number, len: number) => void;

/** Total length of the packet at `off` (header included), or -1 while its fixed header is incomplete. */
function packetLength(buf: Buffer, off: number, end: number): number {
  let n = 0, mul = 1;
  for (let i = off + 1; i < end; i++) {
    const b = buf[i];
    n += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return i + 1 - off + n;
    mul *= 128;
    if (i - off >= 4) throw new Error('malformed remaining length');
  }
  if (end - off > 4) throw new Error('malformed remaining length');
  return -1;
}

/**
 * Walks packets in chunks that the socket reuses: a packet split across reads is assembled in `pend`
 * (copying only its own bytes); whole packets are handed on in place.
 */
export class MqttReader {
  private pend = Buffer.allocUnsafe(4096);
  private pendLen = 0;

  constructor(public onPacket: PacketHandler) {}

  push(buf: Buffer): void {
    const len = buf.length;
    let off = 0;
    while (this.pendLen > 0) {
      const total = packetLength(this.pend, 0, this.pendLen);
      const want = total < 0 ? this.pendLen + 1 : total;
      if (want > this.pend.length) {
        const bigger = Buffer.allocUnsafe(want);
        this.pend.copy(bigger, 0, 0, this.pendLen);
        this.pend = bigger;
      }
      const n = Math.min(want - this.pendLen, len - off);
      buf.copy(this.pend, this.pendLen, off, off + n);
      this.pendLen += n;
      off += n;
      if (total >= 0 && this.pendLen === total) {
        this.pendLen = 0;
        this.emit(this.pend, 0, total);
      } else if (off === len) {
        return;
      }
    }
    while (off < len) {
      const total = packetLength(buf, off, len);
      if (total < 0 || off + total > len) break;
      this.emit(buf, off, total);
      off += total;
    }
    if (off < len) {
      if (len - off > this.pend.length) this.pend = Buffer.allocUnsafe(len - off);
      this.pendLen = buf.copy(this.pend, 0, off, len);
    }
  }

  private emit(buf: Buffer, off: number, total: number): void {
    let p = off + 1;
    while (buf[p] & 0x80) p++;
    p++;
    this.onPacket(buf[off], buf, p, off + total - p);
  }
}
