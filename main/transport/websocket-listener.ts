// A port of its own for protocols over WebSocket (Web-MQTT on 15675 at /ws, as RabbitMQ serves
// it): an HTTP server that upgrades its endpoints' paths and answers anything else 404 (426 for
// a plain request to an endpoint). The protocol owns the connections it is handed; stop() stops
// accepting, gives them the shutdown grace to be closed by their protocol's listener, and drops the rest.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { CloseReason } from '../broker/client';
import type { ListenAddress, Listener } from '../broker/listener';
import { closeServers, listenOnHosts } from './listen-on-hosts';
import { shutdownGrace } from './shutdown-grace';
import { WebSocketEndpoints, refuseUpgrade, type WebSocketEndpoint } from './websocket-endpoints';
import { peerOfSocket } from './stream-peer';
import { clientCertOf, dropFailedHandshakes, tlsServerOptions, type TlsConfig } from './tls';


export interface WebSocketListenerOptions {
  /** display name, as in the ready line: "Web MQTT" */
  protocol: string;
  port: number;
  endpoints: readonly WebSocketEndpoint[];
  /** WSS: TLS on this port (Web-MQTT's 15676), client certificates as for the TCP listeners */
  tls?: TlsConfig | null;
  /** hears of refused client certificates */
  warn?: (line: string) => void;
}

export class WebSocketListener implements Listener {
  readonly scheme: string;
  private bound: ListenAddress | null = null;
  private readonly servers: Server[] = [];
  private readonly endpoints: WebSocketEndpoints;

  constructor(private readonly options: WebSocketListenerOptions) {
    this.endpoints = new WebSocketEndpoints(options.endpoints, undefined, options.tls ?? null);
    this.scheme = options.tls ? 'wss' : 'ws';
  }

  get protocol(): string { return this.options.protocol; }
  get address(): ListenAddress | null { return this.bound; }

  async start(hosts: string[]): Promise<ListenAddress> {
    const { servers, address } = await listenOnHosts(hosts, this.options.port, () => {
      const plain = (req: IncomingMessage, res: ServerResponse): void => {
        const upgradeHere = this.endpoints.handles(req);
        res.writeHead(upgradeHere ? 426 : 404, { 'Content-Type': 'text/plain; charset=utf-8', ...(upgradeHere ? { Upgrade: 'websocket' } : {}) });
        res.end(upgradeHere ? 'a WebSocket endpoint: upgrade to websocket' : 'not found');
      };
      const tls = this.options.tls;
      const server: Server = tls ? dropFailedHandshakes(createHttpsServer(tlsServerOptions(tls), plain)) : createServer(plain);
      // a client certificate the CA does not vouch for is refused before any request
      if (tls) server.on('secureConnection', (socket: TLSSocket) => {
        const cert = clientCertOf(socket, tls);
        if (!cert || !('refused' in cert)) return;
        const peer = peerOfSocket(socket, 'websocket');
        this.options.warn?.(`wss: client certificate from ${peer.remoteAddress}:${peer.remotePort} refused: ${cert.refused}`);
        socket.destroy();
      });
      server.on('upgrade', (req, socket, head) => {
        if (!this.endpoints.handles(req)) return refuseUpgrade(socket, 404, 'Not Found', 'no WebSocket endpoint here');
        // Any origin, as RabbitMQ's Web-MQTT: the protocol authenticates in-band. A page (it sends
        // an Origin) is not loopback, so it cannot log in as guest (see WebSocketEndpoints.upgrade).
        this.endpoints.upgrade(req, socket, head, req.headers.origin !== undefined);
      });
      return server;
    });
    this.servers.push(...servers);
    this.bound = address;
    return address;
  }

  async stop(_reason: CloseReason): Promise<void> {
    const stopped = closeServers(this.servers);
    await shutdownGrace(() => this.endpoints.open === 0);
    this.endpoints.close();
    await stopped;
  }
}
