// A byte pipe to a listener, over TCP or a WebSocket (binary messages), so one protocol session
// drives the plain listener and its WebSocket endpoint alike. Write errors after the broker hung
// up are expected (it closes on the first bad frame) and are not reported.
import net from 'node:net';
import WebSocket from 'ws';

export interface Pipe {
  write(b: Buffer): void;
  /** bytes from the broker, in order */
  onData: (b: Buffer) => void;
  /** resolves when the connection is gone, whoever ended it */
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
  /** nothing more to send (TCP: a half-close; a WebSocket: a close) */
  end(): void;
  destroy(): void;
}

export function tcpPipe(host: string, port: number): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    let isClosed = false;
    const closed = new Promise<void>((r) => socket.once('close', () => { isClosed = true; r(); }));
    const pipe: Pipe = {
      write: (b) => { if (!isClosed && !socket.destroyed) socket.write(b); },
      onData: () => {},
      closed,
      get isClosed() { return isClosed; },
      end: () => { if (!isClosed) socket.end(); },
      destroy: () => socket.destroy(),
    };
    socket.on('data', (b) => pipe.onData(b));
    socket.once('connect', () => { socket.off('error', reject); socket.on('error', () => {}); resolve(pipe); });
    socket.once('error', reject);
  });
}

/** `headers` carries a login cookie for the UI's WebSocket; `binary` false sends text messages. */
export function wsPipe(url: string, protocols: string[], headers: Record<string, string> = {}, binary = true): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
    let isClosed = false;
    const closed = new Promise<void>((r) => ws.once('close', () => { isClosed = true; r(); }));
    const pipe: Pipe = {
      write: (b) => { if (ws.readyState === WebSocket.OPEN) ws.send(b, { binary }); },
      onData: () => {},
      closed,
      get isClosed() { return isClosed; },
      end: () => ws.close(),
      destroy: () => ws.terminate(),
    };
    ws.on('message', (d: Buffer) => pipe.onData(d));
    ws.once('open', () => { ws.off('error', reject); ws.on('error', () => {}); resolve(pipe); });
    ws.once('unexpected-response', (_req, res) => { ws.terminate(); reject(new Error(`WebSocket upgrade refused: ${res.statusCode}`)); });
    ws.once('error', reject);
  });
}

/** Resolves true when `p` settles within `ms`, false when the time ran out first. */
export function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => { clearTimeout(t); resolve(true); }, () => { clearTimeout(t); resolve(true); });
  });
}
