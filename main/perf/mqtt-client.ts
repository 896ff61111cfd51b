// Minimal MQTT 3.1.1 client over a raw node:net socket for the load generator: CONNECT/CONNACK, SUBSCRIBE/
// SUBACK, then every packet goes to a per-role handler. Reads land in one buffer per connection (onread),
// reused for every read, so a publisher or subscriber costs the generator little.
import type net from 'node:net';
import * as M from './mqtt-frames';
import { connectRaw, handshake, type Target } from './raw-client';

const CONNACK_CODES = ['accepted', 'unacceptable protocol version', 'identifier rejected', 'server unavailable', 'bad user name or password', 'not authorised'];

export interface MqttOpenOptions { clientId: string; keepaliveS?: number; timeoutMs?: number; readBuffer?: number }

export class MqttConnection {
  readonly reader: M.MqttReader;
  closed = false;
  error: Error | null = null;
  /** packets other than CONNACK, SUBACK and PINGRESP */
  handler: M.PacketHandler = () => {};
  /** called after each socket read has been walked (to flush what the handler batched) */
  afterRead: () => void = () => {};
  onError: (e: Error) => void = () => {};
  private waiting: { type: number; resolve: (code: number) => void; reject: (e: Error) => void } | null = null;

  private constructor(readonly socket: net.Socket, readonly target: Target) {
    this.reader = new M.MqttReader((first, buf, p, len) => this.dispatch(first, buf, p, len));
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
    this.afterRead();
  }

  static async open(target: Target, o: MqttOpenOptions): Promise<MqttConnection> {
    // c exists before any socket event after 'connect': the continuation runs as a microtask right after it
    let c!: MqttConnection;
    const socket = await connectRaw(target, o.readBuffer ?? 256 * 1024, true, () => c);
    c = new MqttConnection(socket, target);
    return handshake(socket, o.timeoutMs ?? 30_000, () => c.fail(new Error(`CONNECT to ${target.host}:${target.port} timed out`)), async () => {
      const user = target.user || undefined;
      const code = await c.request(M.connect({ clientId: o.clientId, keepaliveS: o.keepaliveS ?? 0, user, pass: user ? target.pass : undefined }), M.PKT.CONNACK);
      if (code !== 0) throw new Error(`CONNACK refused: ${CONNACK_CODES[code] ?? `code ${code}`}`);
      return c;
    });
  }

  /** Writes `packet` and resolves with the reply's return code (CONNACK: connect code; SUBACK: granted QoS). */
  private request(packet: Buffer, replyType: number): Promise<number> {
    if (this.error) return Promise.reject(this.error);
    const p = new Promise<number>((resolve, reject) => { this.waiting = { type: replyType, resolve, reject }; });
    this.socket.write(packet);
    return p;
  }

  async subscribe(filter: string, qos: 0 | 1): Promise<void> {
    const granted = await this.request(M.subscribe(1, filter, qos), M.PKT.SUBACK);
    if (granted === 0x80) throw new Error(`SUBSCRIBE ${filter} refused (0x80)`);
    if (granted !== qos) throw new Error(`SUBSCRIBE ${filter} granted QoS ${granted}, asked ${qos}`);
  }

  private dispatch(first: number, buf: Buffer, p: number, len: number): void {
    const type = first >> 4;
    const w = this.waiting;
    if (w && type === w.type) {
      this.waiting = null;
      // CONNACK: flags, code; SUBACK: packet id, one granted QoS
      w.resolve(type === M.PKT.CONNACK ? buf[p + 1] : buf[p + len - 1]);
      return;
    }
    if (type === M.PKT.PINGRESP) return;
    this.handler(first, buf, p, len);
  }

  fail(e: Error): void {
    if (!this.error) this.error = e;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
    this.onError(e);
  }

  /** DISCONNECT, then the socket ends (the broker closes its side; bounded wait). */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed || this.error) { this.socket.destroy(); return; }
    this.closed = true;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.socket.once('close', () => { clearTimeout(t); resolve(); });
      this.socket.end(M.DISCONNECT);
    });
    this.socket.destroy();
  }
}
