// Who is at the other end of a connection's byte stream, as a protocol connection needs to know
// it whatever carries the bytes (a TCP socket, a WebSocket): addresses for the UI and the API,
// whether loopback-only users (guest) may log in, and the transport for display.
import { isLoopbackAddress } from '../broker/access/loopback';
import type { Transport } from '../../shared/model/topology';

export interface StreamPeer {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
  /** on this machine, so loopback-only users (RabbitMQ's loopback_users) may log in */
  loopback: boolean;
  transport: Transport;
}

/** The addresses of a socket (net.Socket, or the one under an HTTP upgrade). */
export interface SocketEnds {
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
}

export function peerOfSocket(socket: SocketEnds, transport: Transport): StreamPeer {
  const remoteAddress = plainIp(socket.remoteAddress);
  return {
    remoteAddress, remotePort: socket.remotePort ?? 0,
    localAddress: plainIp(socket.localAddress), localPort: socket.localPort ?? 0,
    loopback: isLoopbackAddress(remoteAddress), transport,
  };
}

/** "::ffff:127.0.0.1" as RabbitMQ shows it: 127.0.0.1. */
function plainIp(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
