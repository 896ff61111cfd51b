// A WebSocket as a byte stream, so a protocol connection written for a TCP socket (AMQP, MQTT)
// serves WebSocket clients unchanged. Reads are the binary messages' bytes; each write burst (the
// chunks of one cork()/uncork(), or one write) goes out as ONE WebSocket message made of one
// fragment per chunk, so bodies are framed by reference and never copied.
//
// Backpressure both ways: when the reader is slow (push() refused: the stream is paused or its
// buffer is full) the WebSocket is paused, which stops reading its TCP socket, and resumed on the
// next _read(); a burst's write callback fires only once the network socket has taken its last
// fragment, so writableLength and 'drain' tell the connection how far behind the client is.
//
// Closing: the peer's close ends and closes the stream (an abnormal one, 1006, as an error); end()
// sends close 1000 after the pending writes; destroy() closes with 1000, destroy(err) with 1011,
// and a peer that does not answer the close handshake is dropped after CLOSE_GRACE.
//
// ws's own createWebSocketStream is not used: it sends one message per write (no batching of a
// corked burst) and reports errors after the stream has closed.
import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';

/** how long a closed stream waits for the peer's close frame before dropping the socket */
const CLOSE_GRACE = 2000;
/** WebSocket close codes (RFC 6455 §7.4.1) */
export const WsClose = { NORMAL: 1000, UNSUPPORTED_DATA: 1003, INTERNAL_ERROR: 1011 } as const;

/** Why a WebSocket stream failed (the peer sent text, went away without a close frame, ...). */
export class WebSocketStreamError extends Error {
  constructor(message: string, readonly closeCode: number) {
    super(message);
    this.name = 'WebSocketStreamError';
  }
}

export interface WebSocketStreamOptions {
  /** buffered bytes of unread messages above which the WebSocket is paused (default 1 MiB) */
  readableHighWaterMark?: number;
  /** unsent bytes above which write() returns false until 'drain' (default 1 MiB) */
  writableHighWaterMark?: number;
}

export class WebSocketStream extends Duplex {
  private closeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ws: WebSocket, options: WebSocketStreamOptions = {}) {
    super({
      allowHalfOpen: false,
      readableHighWaterMark: options.readableHighWaterMark ?? 1 << 20,
      writableHighWaterMark: options.writableHighWaterMark ?? 1 << 20,
    });
    ws.binaryType = 'nodebuffer';
    ws.on('message', this.onMessage);
    ws.on('close', this.onClose);
    ws.on('error', (err) => this.destroy(err));
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (!isBinary) {
      // a byte protocol has no text: RFC 6455's "unsupported data"
      this.ws.close(WsClose.UNSUPPORTED_DATA, 'binary messages only');
      this.destroy(new WebSocketStreamError('a text message on a binary stream', WsClose.UNSUPPORTED_DATA));
      return;
    }
    if (!this.push(data as Buffer)) this.ws.pause();
  };

  private readonly onClose = (code: number): void => {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    if (this.destroyed) return;
    this.push(null);
    // 1005: closed without a code; 1006: the TCP connection went without a close frame
    this.destroy(code === 1000 || code === 1001 || code === 1005 ? undefined : new WebSocketStreamError(`WebSocket closed with code ${code}`, code));
  };

  override _read(): void {
    if (this.ws.isPaused) this.ws.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.ws.send(chunk, { binary: true, fin: true, compress: false }, callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) this.ws.send(chunks[i].chunk, { binary: true, fin: false, compress: false });
    this.ws.send(chunks[last].chunk, { binary: true, fin: true, compress: false }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeWebSocket(WsClose.NORMAL);
    callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.closeWebSocket(err ? (err instanceof WebSocketStreamError ? err.closeCode : WsClose.INTERNAL_ERROR) : WsClose.NORMAL);
    callback(err);
  }

  private closeWebSocket(code: number): void {
    const ws = this.ws;
    if (ws.readyState === ws.CLOSED || this.closeTimer) return;
    if (ws.readyState === ws.OPEN) ws.close(code < 1000 || code === 1005 || code === 1006 ? WsClose.INTERNAL_ERROR : code);
    this.closeTimer = setTimeout(() => ws.terminate(), CLOSE_GRACE);
    this.closeTimer.unref();
  }
}
