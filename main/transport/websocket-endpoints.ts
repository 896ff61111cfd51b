// Byte-stream protocols served over WebSocket on an HTTP server: each endpoint is a path and the
// subprotocol it speaks, and its upgrades become WebSocketStreams handed to the protocol with the
// peer's addresses from the upgrade request (AMQP 0-9-1 at /amqp on the UI port; Web-MQTT at /ws
// on a port of its own is the same few lines). Which upgrades reach here (Host, Origin) is the
// HTTP server's decision; it says whether the request came from another site's page.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { peerOfSocket, type StreamPeer } from './stream-peer';
import { WebSocketStream } from './websocket-stream';
import { clientCertOf, type TlsConfig } from './tls';

export interface WebSocketEndpoint {
  /** the request path ("/amqp") */
  path: string;
  /** the subprotocols spoken (["amqp"]; Web-MQTT's ["mqtt", "mqttv3.1"]): the first the client
   *  offers (in its order) is chosen */
  subprotocols: readonly string[];
  /** also accept a client that offers no subprotocol at all (@cloudamqp/amqp-client's
   *  AMQPWebSocketClient opens `new WebSocket(url)` without one); offering only others is refused */
  subprotocolOptional: boolean;
  /** a new connection: the protocol reads and writes `stream` and owns it from now on */
  accept(stream: Duplex, peer: StreamPeer): void;
}

/** A whole WebSocket message is buffered before it is read; a client's publish is one message
 *  (all its frames), so this bounds one publish: RabbitMQ's default max_message_size (128 MiB)
 *  plus the frame headers of a body in frames of 4 KiB. */
const DEFAULT_MAX_PAYLOAD = 128 * 1024 * 1024 + 256 * 1024;

export class WebSocketEndpoints {
  private readonly byPath = new Map<string, WebSocketEndpoint>();
  private readonly wss: WebSocketServer;

  /** `tls`: the server's, when it asks for client certificates (their CN logs in: MQTT's certificate login) */
  constructor(endpoints: readonly WebSocketEndpoint[], maxPayload = DEFAULT_MAX_PAYLOAD, private readonly tls: TlsConfig | null = null) {
    for (const e of endpoints) this.byPath.set(e.path, e);
    this.wss = new WebSocketServer({
      noServer: true, maxPayload, perMessageDeflate: false, clientTracking: true,
      handleProtocols: (offered, req) => chosenSubprotocol(this.endpointOf(req), [...offered]) ?? false,
    });
  }

  /** Is there an endpoint at this request's path? */
  handles(req: IncomingMessage): boolean {
    return this.endpointOf(req) !== undefined;
  }

  /** Upgrade `req` (an endpoint's, see handles()) and hand the stream to its protocol, or refuse it
   *  with 400 when the client offers subprotocols but not the endpoint's. A request from another
   *  site's page (`crossSite`) is never loopback: such a page may not log in as guest just because
   *  the browser that runs it is on this machine. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, crossSite: boolean): void {
    const endpoint = this.endpointOf(req);
    if (!endpoint) return refuseUpgrade(socket, 404, 'Not Found', 'no WebSocket endpoint here');
    const offered = offeredSubprotocols(req);
    if (offered.length === 0 ? !endpoint.subprotocolOptional : chosenSubprotocol(endpoint, offered) === undefined) {
      return refuseUpgrade(socket, 400, 'Bad Request', `use the WebSocket subprotocol "${endpoint.subprotocols.join('" or "')}"`);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const peer = peerOfSocket(req.socket, 'websocket');
      if (crossSite) peer.loopback = false;
      // a browser sends its client certificate to any page's request: ambient authority, as guest's loopback
      const cert = this.tls && !crossSite && req.socket instanceof TLSSocket ? clientCertOf(req.socket, this.tls) : undefined;
      if (cert && !('refused' in cert)) peer.clientCert = cert;
      endpoint.accept(new WebSocketStream(ws), peer);
    });
  }

  /** how many of its WebSockets are open */
  get open(): number { return this.wss.clients.size; }

  /** Drop every connection still open (their protocols have had their chance to close them). */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private endpointOf(req: IncomingMessage): WebSocketEndpoint | undefined {
    return this.byPath.get((req.url ?? '').split('?')[0]);
  }
}

/** Answer an upgrade request with an HTTP error and drop its socket. */
export function refuseUpgrade(socket: Duplex, status: number, statusText: string, body = ''): void {
  socket.write(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.destroy();
}

function chosenSubprotocol(endpoint: WebSocketEndpoint | undefined, offered: readonly string[]): string | undefined {
  return endpoint && offered.find((p) => endpoint.subprotocols.includes(p));
}

function offeredSubprotocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  return h === undefined ? [] : h.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
