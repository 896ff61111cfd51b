// The AMQP listener (or AMQPS, over TLS): binds the requested addresses and hands each socket to an AmqpConnection;
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
import type { TlsConfig } from '../../transport/tls';

/** RabbitMQ's consumer_timeout default (3.8.15 and later): 30 minutes. */
export const DEFAULT_CONSUMER_TIMEOUT = 30 * 60_000;

/** What `warren serve` may change about AMQP connections (RabbitMQ's defaults otherwise). */
export interface AmqpSettings {
  limits?: Partial<ConnectionLimits>;
  /** ms a delivery may stay unacknowledged where no queue argument or policy says (default 30
   *  minutes; null: no limit) */
  consumerTimeout?: number | null;
}

export interface ListenOptions extends AmqpSettings {
  port: number;
  /** AMQPS: TLS on this port (EXTERNAL offered when client certificates are asked for) */
  tls?: TlsConfig | null;
  log: ConnectionLogger;
}

export class AmqpListener extends StreamListener<AmqpConnection> {
  readonly protocol: string;
  readonly scheme: string;

  /** the consumer timeout of queues without one of their own (null: none) */
  private readonly consumerTimeout: number | null;

  constructor(private readonly broker: Broker, private readonly options: ListenOptions) {
    super(options.port, options.tls ?? null, (line) => options.log.warn(line));
    this.protocol = options.tls ? 'AMQP 0-9-1/TLS' : 'AMQP 0-9-1';
    this.scheme = options.tls ? 'amqps' : 'amqp';
    this.consumerTimeout = options.consumerTimeout === undefined ? DEFAULT_CONSUMER_TIMEOUT : options.consumerTimeout;
  }

  protected tick(c: AmqpConnection, now: number): void {
    c.tick(now, this.consumerTimeout);
  }

  /** AMQP 0-9-1 over WebSocket at /amqp, subprotocol "amqp" (as LavinMQ serves it), for an HTTP server to offer. */
  readonly webSocket: WebSocketEndpoint = {
    path: '/amqp', subprotocols: ['amqp'], subprotocolOptional: true,
    accept: (stream, peer) => this.acceptStream(stream, peer),
  };

  protected acceptStream(stream: Duplex, peer: StreamPeer): void {
    const c = this.serve(stream, peer, null);
    stream.on('data', (chunk: Buffer) => c.receive(chunk));
  }

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
