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
import { closeServers, listenOnHosts } from '../../transport/listen-on-hosts';

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

  /** Listen on every host (see listenOnHosts). */
  async start(hosts: string[]): Promise<ListenAddress> {
    const { servers, address } = await listenOnHosts(hosts, this.options.port, () => net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket)));
    this.servers.push(...servers);
    this.bound = address;
    return address;
  }

  /** AMQP 0-9-1 over WebSocket at /amqp, subprotocol "amqp" (as LavinMQ serves it), for an HTTP server to offer. */
  readonly webSocket: WebSocketEndpoint = {
    path: '/amqp', subprotocols: ['amqp'], subprotocolOptional: true,
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
    const stopped = closeServers(this.servers);
    for (const c of [...this.connections]) c.close(reason);
    // Give clients a moment to answer close-ok, then drop whoever has not.
    const deadline = Date.now() + SHUTDOWN_GRACE;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, SHUTDOWN_POLL));
    for (const s of this.sockets) s.destroy();
    await stopped;
  }
}
