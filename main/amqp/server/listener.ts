// The AMQP listener: binds the requested addresses and hands each TCP socket to an AmqpConnection;
// AMQP over WebSocket (served at /amqp by the UI's HTTP server) joins the same connections, with
// the same limits, and they close with the listener.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Broker } from '../../broker/broker';
import type { CloseReason } from '../../broker/client';
import type { ListenAddress, Listener } from '../../broker/listener';
import { AmqpConnection, DEFAULT_LIMITS, type ConnectionLimits, type ConnectionLogger } from './connection';
import { ReadBuffers, readThroughBuffers } from './read-buffers';
import { peerOfSocket, type StreamPeer } from '../../transport/stream-peer';
import type { WebSocketEndpoint } from '../../transport/websocket-endpoints';

export interface ListenOptions {
  port: number;
  limits?: Partial<ConnectionLimits>;
  log: ConnectionLogger;
}

/** On stop, how long clients get to answer connection.close with close-ok before their sockets
 *  are dropped: long enough for a client on a busy machine, short enough for a prompt shutdown. */
const SHUTDOWN_GRACE = 2000;
/** how often stop() looks whether every socket has gone */
const SHUTDOWN_POLL = 20;

export class AmqpListener implements Listener {
  readonly protocol = 'AMQP 0-9-1';
  readonly scheme = 'amqp';
  private bound: ListenAddress | null = null;
  private readonly servers: net.Server[] = [];
  /** every connection's stream: TCP sockets and WebSocket streams */
  private readonly sockets = new Set<Duplex>();
  private readonly connections = new Set<AmqpConnection>();

  constructor(private readonly broker: Broker, private readonly options: ListenOptions) {}

  get address(): ListenAddress | null { return this.bound; }

  /** Listen on every host; with port 0 the first bind picks the port and the rest share it.
   *  A host that does not exist on this machine (::1 without IPv6) is skipped, not fatal. */
  async start(hosts: string[]): Promise<ListenAddress> {
    const bound: string[] = [];
    let port = this.options.port;
    for (const host of hosts) {
      const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket));
      try {
        port = await listenOn(server, host, port);
        this.servers.push(server);
        bound.push(host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') continue;
        await this.closeServers();
        throw err;
      }
    }
    this.bound = { port, hosts: bound };
    return this.bound;
  }

  /** AMQP 0-9-1 over WebSocket at /amqp, subprotocol "amqp" (as LavinMQ serves it), for an HTTP server to offer. */
  readonly webSocket: WebSocketEndpoint = {
    path: '/amqp', subprotocol: 'amqp', subprotocolOptional: true,
    accept: (stream, peer) => {
      const c = this.serve(stream, peer, null);
      stream.on('data', (chunk: Buffer) => c.receive(chunk));
    },
  };

  private accept(raw: net.Socket): void {
    const peer = peerOfSocket(raw, 'tcp');
    let connection: AmqpConnection | null = null;
    // Reads start on a later event-loop turn, after `connection` is set.
    const reads = new ReadBuffers();
    const socket = readThroughBuffers(raw, reads, (chunk) => connection?.receive(chunk));
    connection = this.serve(socket, peer, reads);
  }

  private serve(stream: Duplex, peer: StreamPeer, reads: ReadBuffers | null): AmqpConnection {
    this.sockets.add(stream);
    const c = new AmqpConnection(stream, this.broker, peer, { ...DEFAULT_LIMITS, ...this.options.limits }, this.options.log, reads);
    this.connections.add(c);
    stream.on('close', () => { this.sockets.delete(stream); this.connections.delete(c); });
    return c;
  }

  async stop(reason: CloseReason): Promise<void> {
    // Stop accepting (this settles only once every socket is gone), then close the clients.
    const stopped = this.closeServers();
    for (const c of [...this.connections]) c.close(reason);
    // Give clients a moment to answer close-ok, then drop whoever has not.
    const deadline = Date.now() + SHUTDOWN_GRACE;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, SHUTDOWN_POLL));
    for (const s of this.sockets) s.destroy();
    await stopped;
  }

  private async closeServers(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers.length = 0;
  }
}

function listenOn(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
