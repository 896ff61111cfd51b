// What every protocol listener over byte streams does alike (AMQP, MQTT): bind each requested host
// on one TCP port, track each connection with its stream — TCP sockets and streams handed over by
// a WebSocket endpoint alike — and on stop close the connections for the reason given, giving
// their streams a bounded grace to go.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { CloseReason } from '../broker/client';
import type { ListenAddress, Listener } from '../broker/listener';
import { closeServers, listenOnHosts } from './listen-on-hosts';
import { shutdownGrace } from './shutdown-grace';


export abstract class StreamListener<C extends { close(reason: CloseReason): void }> implements Listener {
  abstract readonly protocol: string;
  abstract readonly scheme: string;
  private bound: ListenAddress | null = null;
  private readonly servers: net.Server[] = [];
  private readonly streams = new Set<Duplex>();
  private readonly connections = new Set<C>();

  constructor(private readonly port: number) {}

  get address(): ListenAddress | null { return this.bound; }

  async start(hosts: string[]): Promise<ListenAddress> {
    const make = (): net.Server => net.createServer({ noDelay: true, pauseOnConnect: true }, (raw) => this.acceptTcp(raw));
    const { servers, address } = await listenOnHosts(hosts, this.port, make);
    this.servers.push(...servers);
    this.bound = address;
    return address;
  }

  /** The connections open now (for periodic checks such as consumer timeouts). */
  protected openConnections(): Iterable<C> { return this.connections; }

  /** A new TCP socket, paused: make its connection and `track` it. */
  protected abstract acceptTcp(raw: net.Socket): void;

  /** Follow a connection and its stream until the stream closes (and close it on stop). */
  protected track(stream: Duplex, connection: C): void {
    this.streams.add(stream);
    this.connections.add(connection);
    stream.on('close', () => { this.streams.delete(stream); this.connections.delete(connection); });
  }

  async stop(reason: CloseReason): Promise<void> {
    // Stop accepting (this settles only once every socket is gone), then close the clients.
    const stopped = closeServers(this.servers);
    for (const c of [...this.connections]) c.close(reason);
    // Give clients a moment to finish closing, then drop whoever has not.
    await shutdownGrace(() => this.streams.size === 0);
    for (const s of this.streams) s.destroy();
    await stopped;
  }
}
