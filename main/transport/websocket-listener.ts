// A port of its own for protocols over WebSocket (Web-MQTT on 15675 at /ws, as RabbitMQ serves
// it): an HTTP server that upgrades its endpoints' paths and answers anything else 404 (426 for
// a plain request to an endpoint). The protocol owns the connections it is handed; stop() stops
// accepting, gives them the shutdown grace to be closed by their protocol's listener, and drops the rest.
import { createServer, type Server } from 'node:http';
import type { CloseReason } from '../broker/client';
import type { ListenAddress, Listener } from '../broker/listener';
import { closeServers, listenOnHosts } from './listen-on-hosts';
import { shutdownGrace } from './shutdown-grace';
import { WebSocketEndpoints, refuseUpgrade, type WebSocketEndpoint } from './websocket-endpoints';


export interface WebSocketListenerOptions {
  /** display name, as in the ready line: "Web MQTT" */
  protocol: string;
  port: number;
  endpoints: readonly WebSocketEndpoint[];
}

export class WebSocketListener implements Listener {
  readonly scheme = 'ws';
  private bound: ListenAddress | null = null;
  private readonly servers: Server[] = [];
  private readonly endpoints: WebSocketEndpoints;

  constructor(private readonly options: WebSocketListenerOptions) {
    this.endpoints = new WebSocketEndpoints(options.endpoints);
  }

  get protocol(): string { return this.options.protocol; }
  get address(): ListenAddress | null { return this.bound; }

  async start(hosts: string[]): Promise<ListenAddress> {
    const { servers, address } = await listenOnHosts(hosts, this.options.port, () => {
      const server = createServer((req, res) => {
        const upgradeHere = this.endpoints.handles(req);
        res.writeHead(upgradeHere ? 426 : 404, { 'Content-Type': 'text/plain; charset=utf-8', ...(upgradeHere ? { Upgrade: 'websocket' } : {}) });
        res.end(upgradeHere ? 'a WebSocket endpoint: upgrade to websocket' : 'not found');
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
