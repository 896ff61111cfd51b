// The AMQP TCP listener: binds the requested addresses and hands each socket to an AmqpConnection.
import net from 'node:net';
import type { Broker } from '../../broker/broker';
import { AmqpConnection, DEFAULT_LIMITS, type ConnectionLimits, type ConnectionLogger } from './connection';
import { ReadBuffers, readThroughBuffers } from './read-buffers';

export interface ListenOptions {
  hosts: string[];
  port: number;
  limits?: Partial<ConnectionLimits>;
  log: ConnectionLogger;
}

export class AmqpListener {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly broker: Broker, private readonly options: ListenOptions) {}

  /** Listen on every host; with port 0 the first bind picks the port and the rest share it.
   *  A host that does not exist on this machine (::1 without IPv6) is skipped, not fatal. */
  async listen(): Promise<{ port: number; hosts: string[] }> {
    const bound: string[] = [];
    let port = this.options.port;
    for (const host of this.options.hosts) {
      const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket));
      try {
        port = await listenOn(server, host, port);
        this.servers.push(server);
        bound.push(host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') continue;
        await this.close();
        throw err;
      }
    }
    this.port = port;
    return { port, hosts: bound };
  }

  private accept(raw: net.Socket): void {
    const address = `${raw.remoteAddress}:${raw.remotePort}`;
    let connection: AmqpConnection | null = null;
    // Reads start on a later event-loop turn, after `connection` is set.
    const reads = new ReadBuffers();
    const socket = readThroughBuffers(raw, reads, (chunk) => connection?.receive(chunk));
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    connection = new AmqpConnection(socket, this.broker, address, { ...DEFAULT_LIMITS, ...this.options.limits }, this.options.log, reads);
  }

  /** Stop accepting; existing sockets are closed by the broker's closeAll (or destroyed here). */
  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers.length = 0;
  }

  destroySockets(): void {
    for (const s of this.sockets) s.destroy();
  }

  get openSockets(): number {
    return this.sockets.size;
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
