// Binding a network listener to every configured host on one port, shared by the protocol
// listeners (AMQP over TCP, WebSocket protocols on ports of their own).
import type { AddressInfo, Server } from 'node:net';
import type { ListenAddress } from '../broker/listener';

/** Listen on every host; with port 0 the first bind picks the port and the rest share it. A host
 *  that does not exist on this machine (::1 without IPv6) is skipped, not fatal; any other failure
 *  closes what was bound and throws. */
export async function listenOnHosts<S extends Server>(hosts: readonly string[], port: number, make: () => S): Promise<{ servers: S[]; address: ListenAddress }> {
  const servers: S[] = [];
  const bound: string[] = [];
  for (const host of hosts) {
    const server = make();
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
  return { servers, address: { port, hosts: bound } };
}

/** Stop accepting on every server; settles once each has no connection left. */
export async function closeServers(servers: Server[]): Promise<void> {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  servers.length = 0;
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
