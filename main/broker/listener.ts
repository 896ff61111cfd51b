// What the server assembly needs from a protocol's network listener (AMQP today; MQTT, WebSocket
// and HTTP later), so it can start and stop any list of them the same way.
import type { CloseReason } from './client';

export interface ListenAddress {
  port: number;
  /** the hosts actually bound (one that does not exist on this machine is skipped) */
  hosts: string[];
}

export interface Listener {
  /** the protocol's display name, as in the ready line: "AMQP 0-9-1" */
  readonly protocol: string;
  /** the URL scheme its clients use: "amqp" */
  readonly scheme: string;
  /** where it listens, once started */
  readonly address: ListenAddress | null;
  /** Listen on every host (on the port it was made with; 0 picks one, shared by all hosts). */
  start(hosts: string[]): Promise<ListenAddress>;
  /** Stop accepting, close its clients for `reason`, and resolve once they are gone (clients
   *  that do not finish closing within a bounded grace are dropped). */
  stop(reason: CloseReason): Promise<void>;
}

/** The URLs a listener serves, IPv6 hosts bracketed: amqp://127.0.0.1:5672, amqp://[::1]:5672. */
export function listenerUrls(l: Listener): string[] {
  const a = l.address;
  if (!a) return [];
  return a.hosts.map((h) => `${l.scheme}://${h.includes(':') ? `[${h}]` : h}:${a.port}`);
}

const ANY = new Set(['0.0.0.0', '::', '']);

/** Where the broker's own clients (local shovels, simulated clients) reach a listener: its first
 *  host, on loopback when it listens on every address. */
export function localAddress(l: Listener | undefined): { host: string; port: number } | null {
  const a = l?.address;
  if (!a || a.hosts.length === 0) return null;
  const host = a.hosts[0];
  return { host: ANY.has(host) ? (host === '::' ? '::1' : '127.0.0.1') : host, port: a.port };
}
