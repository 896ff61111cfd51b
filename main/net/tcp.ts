// What every TCP protocol listener does alike (AMQP, MQTT): bind each requested host on one port,
// name peers as RabbitMQ shows them, and give clients a bounded grace to go on stop.
import net from 'node:net';
import type { CloseReason } from '../broker/client';
import type { ListenAddress, Listener } from '../broker/listener';

/** On stop, how long clients get to finish closing before their sockets are dropped: long enough
 *  for a client on a busy machine, short enough for a prompt shutdown. */
const SHUTDOWN_GRACE = 2000;
/** how often a stop looks whether every socket has gone */
const SHUTDOWN_POLL = 20;

/** A protocol's TCP listener: binds, tracks each socket with its connection, and on stop closes
 *  the connections for the reason given and waits (bounded) for their sockets to go. */
export abstract class TcpListener<C extends { close(reason: CloseReason): void }> implements Listener {
  abstract readonly protocol: string;
  abstract readonly scheme: string;
  private bound: ListenAddress | null = null;
  private servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly connections = new Set<C>();

  constructor(private readonly port: number) {}

  get address(): ListenAddress | null { return this.bound; }

  async start(hosts: string[]): Promise<ListenAddress> {
    const { address, servers } = await bindAll(hosts, this.port, (raw) => {
      const { socket, connection } = this.open(raw);
      this.sockets.add(socket);
      this.connections.add(connection);
      socket.on('close', () => { this.sockets.delete(socket); this.connections.delete(connection); });
    });
    this.servers = servers;
    this.bound = address;
    return address;
  }

  /** A new (paused) socket: its connection, and the socket to track (the same, or a wrapper of it). */
  protected abstract open(raw: net.Socket): { socket: net.Socket; connection: C };

  async stop(reason: CloseReason): Promise<void> {
    // Stop accepting (this settles only once every socket is gone), then close the clients.
    const stopped = closeServers(this.servers);
    for (const c of [...this.connections]) c.close(reason);
    // Give clients a moment to finish closing, then drop whoever has not.
    await waitForSockets(this.sockets);
    await stopped;
  }
}

/** Listen on every host; with port 0 the first bind picks the port and the rest share it. A host
 *  that does not exist on this machine (::1 without IPv6) is skipped, not fatal. Sockets arrive
 *  paused: the handler resumes them once it is ready to read. */
async function bindAll(hosts: string[], port: number, accept: (socket: net.Socket) => void): Promise<{ address: ListenAddress; servers: net.Server[] }> {
  const servers: net.Server[] = [];
  const bound: string[] = [];
  for (const host of hosts) {
    const server = net.createServer({ noDelay: true, pauseOnConnect: true }, accept);
    try {
      port = await listenOn(server, host, port);
      servers.push(server);
      bound.push(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') continue;
      await closeServers(servers);
      throw err;
    }
  }
  return { address: { port, hosts: bound }, servers };
}

async function closeServers(servers: net.Server[]): Promise<void> {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  servers.length = 0;
}

/** Wait (bounded) for clients told to close to go, then drop whoever has not. */
async function waitForSockets(sockets: Set<net.Socket>): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_GRACE;
  while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, SHUTDOWN_POLL));
  for (const s of sockets) s.destroy();
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

/** "::ffff:127.0.0.1" as RabbitMQ shows it: 127.0.0.1. */
export function plainIp(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** A socket's two ends, as the connections view and the management API show them. */
export function socketEnds(socket: net.Socket): { peer: { host: string; port: number }; local: { host: string; port: number } } {
  return { peer: { host: plainIp(socket.remoteAddress), port: socket.remotePort ?? 0 }, local: { host: plainIp(socket.localAddress), port: socket.localPort ?? 0 } };
}
