// The AMQP listener: binds the requested addresses and hands each TCP socket to an AmqpConnection;
// AMQP over WebSocket (served at /amqp by the UI's HTTP server) joins the same connections, with
// the same limits, and they close with the listener.
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Broker } from '../../broker/broker';
import { AmqpConnection, DEFAULT_LIMITS, type ConnectionLimits, type ConnectionLogger } from './connection';
import { ReadBuffers, readThroughBuffers } from './read-buffers';
import { peerOfSocket, type StreamPeer } from '../../transport/stream-peer';
import type { WebSocketEndpoint } from '../../transport/websocket-endpoints';
import { StreamListener } from '../../transport/stream-listener';

export interface ListenOptions {
  port: number;
  limits?: Partial<ConnectionLimits>;
  log: ConnectionLogger;
}

export class AmqpListener extends StreamListener<AmqpConnection> {
  readonly protocol = 'AMQP 0-9-1';
  readonly scheme = 'amqp';

  constructor(private readonly broker: Broker, private readonly options: ListenOptions) {
    super(options.port);
  }

  /** AMQP 0-9-1 over WebSocket at /amqp, subprotocol "amqp" (as LavinMQ serves it), for an HTTP server to offer. */
  readonly webSocket: WebSocketEndpoint = {
    path: '/amqp', subprotocols: ['amqp'], subprotocolOptional: true,
    accept: (stream, peer) => {
      const c = this.serve(stream, peer, null);
      stream.on('data', (chunk: Buffer) => c.receive(chunk));
    },
  };

  protected acceptTcp(raw: net.Socket): void {
    const peer = peerOfSocket(raw, 'tcp'); // before readThroughBuffers detaches `raw` from its handle
    let connection: AmqpConnection | null = null;
    // Reads start on a later event-loop turn, after `connection` is set.
    const reads = new ReadBuffers();
    const socket = readThroughBuffers(raw, reads, (chunk) => connection?.receive(chunk));
    connection = this.serve(socket, peer, reads);
  }

  private serve(stream: Duplex, peer: StreamPeer, reads: ReadBuffers | null): AmqpConnection {
    const c = new AmqpConnection(stream, this.broker, peer, { ...DEFAULT_LIMITS, ...this.options.limits }, this.options.log, reads);
    this.track(stream, c);
    return c;
  }
}
