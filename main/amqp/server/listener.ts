// The AMQP TCP listener: binds the requested addresses and hands each socket to an AmqpConnection.
import type net from 'node:net';
import type { Broker } from '../../broker/broker';
import { AmqpConnection, DEFAULT_LIMITS, type ConnectionLimits, type ConnectionLogger } from './connection';
import { ReadBuffers, readThroughBuffers } from './read-buffers';
import { socketEnds, TcpListener } from '../../net/tcp';

export interface ListenOptions {
  port: number;
  limits?: Partial<ConnectionLimits>;
  log: ConnectionLogger;
}

export class AmqpListener extends TcpListener<AmqpConnection> {
  readonly protocol = 'AMQP 0-9-1';
  readonly scheme = 'amqp';

  constructor(private readonly broker: Broker, private readonly options: ListenOptions) {
    super(options.port);
  }

  protected open(raw: net.Socket): { socket: net.Socket; connection: AmqpConnection } {
    const ends = socketEnds(raw); // before readThroughBuffers detaches `raw` from its handle
    let connection: AmqpConnection | null = null;
    // Reads start on a later event-loop turn, after `connection` is set.
    const reads = new ReadBuffers();
    const socket = readThroughBuffers(raw, reads, (chunk) => connection?.receive(chunk));
    connection = new AmqpConnection(socket, this.broker, ends, { ...DEFAULT_LIMITS, ...this.options.limits }, this.options.log, reads);
    return { socket, connection };
  }
}
