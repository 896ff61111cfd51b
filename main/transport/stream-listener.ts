// What every protocol listener over byte streams does alike (AMQP, MQTT): bind each requested host
// on one TCP port (or TLS: AMQPS, MQTTS), track each connection with its stream — TCP sockets, TLS
// sockets and streams handed over by a WebSocket endpoint alike — tick each open connection about
// once a second (send and consumer timeouts, as RabbitMQ's channel tick), and on stop close the
// connections for the reason given, giving their streams a bounded grace to go.
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { CloseReason } from '../broker/client';
import type { ListenAddress, Listener } from '../broker/listener';
import { closeServers, listenOnHosts } from './listen-on-hosts';
import { shutdownGrace } from './shutdown-grace';
import { peerOfSocket, type StreamPeer } from './stream-peer';
import { clientCertOf, dropFailedHandshakes, tlsServerOptions, type TlsConfig } from './tls';

/** how often open connections are ticked */
const TICK_MS = 1000;

export abstract class StreamListener<C extends { close(reason: CloseReason): void }> implements Listener {
  abstract readonly protocol: string;
  abstract readonly scheme: string;
  private bound: ListenAddress | null = null;
  private readonly servers: net.Server[] = [];
  private readonly streams = new Set<Duplex>();
  private readonly connections = new Set<C>();
  private ticker: NodeJS.Timeout | null = null;

  /** `tls`: serve TLS instead of plain TCP; `warn` hears of refused client certificates */
  constructor(private readonly port: number, private readonly tls: TlsConfig | null = null, private readonly warn: (line: string) => void = () => {}) {}

  get address(): ListenAddress | null { return this.bound; }

  /** true when this listener speaks TLS */
  get secure(): boolean { return this.tls !== null; }

  async start(hosts: string[]): Promise<ListenAddress> {
    const config = this.tls;
    const make = (): net.Server => (config
      ? dropFailedHandshakes(tls.createServer({ ...tlsServerOptions(config), noDelay: true }, (socket) => this.acceptSecure(socket, config)))
      : net.createServer({ noDelay: true, pauseOnConnect: true }, (raw) => this.acceptTcp(raw)));
    const { servers, address } = await listenOnHosts(hosts, this.port, make);
    this.servers.push(...servers);
    this.bound = address;
    this.ticker = setInterval(() => {
      const now = Date.now();
      for (const c of this.connections) this.tick(c, now);
    }, TICK_MS);
    this.ticker.unref();
    return address;
  }

  /** About once a second, for each open connection: drop a peer that reads nothing (the send
   *  timeout), close channels past their consumer timeout. */
  protected abstract tick(connection: C, now: number): void;

  /** A new TCP socket, paused: make its connection and `track` it. */
  protected abstract acceptTcp(raw: net.Socket): void;

  /** A stream that is not a TCP socket of this listener's (TLS, WebSocket): make its connection,
   *  which reads it, and `track` it. */
  protected abstract acceptStream(stream: Duplex, peer: StreamPeer): void;

  /** A TLS socket, handshake done: a client certificate the CA does not vouch for is refused. */
  private acceptSecure(socket: tls.TLSSocket, config: TlsConfig): void {
    const cert = clientCertOf(socket, config);
    const peer = peerOfSocket(socket, 'tcp');
    if (cert && 'refused' in cert) {
      this.warn(`${this.scheme}: client certificate from ${peer.remoteAddress}:${peer.remotePort} refused: ${cert.refused}`);
      socket.destroy();
      return;
    }
    this.acceptStream(socket, cert ? { ...peer, clientCert: cert } : peer);
  }

  /** Follow a connection and its stream until the stream closes (and close it on stop). */
  protected track(stream: Duplex, connection: C): void {
    this.streams.add(stream);
    this.connections.add(connection);
    stream.on('close', () => { this.streams.delete(stream); this.connections.delete(connection); });
  }

  async stop(reason: CloseReason): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    // Stop accepting (this settles only once every socket is gone), then close the clients.
    const stopped = closeServers(this.servers);
    for (const c of [...this.connections]) c.close(reason);
    // Give clients a moment to finish closing, then drop whoever has not.
    await shutdownGrace(() => this.streams.size === 0);
    for (const s of this.streams) s.destroy();
    await stopped;
  }
}
