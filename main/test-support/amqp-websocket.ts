// AMQP 0-9-1 over WebSocket from Node, for tests: @cloudamqp/amqp-client's AMQPWebSocketClient
// (the browser client; it opens `new WebSocket(url)`, a global Node 20 lacks, so the ws package's
// WebSocket stands in), and a raw WebSocket that collects the AMQP frames the broker sends.
import { AMQPWebSocketClient } from '@cloudamqp/amqp-client';
import WebSocket from 'ws';
import { within } from './wait';

export type WsAmqpConnection = Awaited<ReturnType<AMQPWebSocketClient['connect']>>;

export function amqpWebSocketUrl(uiBase: string): string {
  return `${uiBase.replace(/^http/, 'ws').replace(/\/$/, '')}/amqp`;
}

/** Log in over WebSocket at `url` (ws://host:port/amqp) as the browser client does. */
export function connectOverWebSocket(url: string, user: [string, string] = ['guest', 'guest'], vhost = '/'): Promise<WsAmqpConnection> {
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= WebSocket;
  return within(new AMQPWebSocketClient({ url, vhost, username: user[0], password: user[1] }).connect(), 5000, `AMQP over WebSocket at ${url}`);
}

export interface RawAmqpFrame { type: number; channel: number; payload: Buffer }

/** A WebSocket speaking raw bytes: what the broker sends, as AMQP frames, and how it closed. */
export class RawWebSocket {
  private bytes = Buffer.alloc(0);
  readonly closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => { this.bytes = Buffer.concat([this.bytes, d]); });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Open `url` offering `protocols`; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, protocols: string[] = ['amqp'], headers: Record<string, string> = {}): Promise<RawWebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers });
      ws.once('open', () => resolve(new RawWebSocket(ws)));
      ws.once('unexpected-response', (_req, res) => { reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })); ws.terminate(); });
      ws.once('error', reject);
    });
  }

  send(data: Buffer | string): void { this.ws.send(data); }

  /** Every complete frame received so far. */
  frames(): RawAmqpFrame[] {
    const out: RawAmqpFrame[] = [];
    let b = this.bytes;
    while (b.length >= 7 && b.length >= b.readUInt32BE(3) + 8) {
      const size = b.readUInt32BE(3);
      out.push({ type: b[0], channel: b.readUInt16BE(1), payload: b.subarray(7, 7 + size) });
      b = b.subarray(size + 8);
    }
    return out;
  }
}
