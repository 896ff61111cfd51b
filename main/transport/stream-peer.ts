// Who is at the other end of a connection's byte stream, as a protocol connection needs to know
// it whatever carries the bytes (a TCP socket, a WebSocket): addresses for the UI and the API,
// whether loopback-only users (guest) may log in, and the transport for display.
import { isLoopbackAddress, plainIp } from '../broker/access/loopback';
import { TLSSocket } from 'node:tls';
import type { Transport } from '../../shared/model/topology';

export interface StreamPeer {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
  /** on this machine, so loopback-only users (RabbitMQ's loopback_users) may log in */
  loopback: boolean;
  transport: Transport;
  /** over TLS (AMQPS, MQTTS, WSS): the version and cipher agreed */
  tls?: { protocol: string | null; cipher: string | null };
  /** on a TLS listener that asks for client certificates (EXTERNAL, MQTT's certificate login):
   *  the user the verified certificate names (its CN or DN, as --ssl-cert-login-from says), null
   *  when the client sent none; absent elsewhere */
  clientCert?: { login: string | null };
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
    ...(socket instanceof TLSSocket ? { tls: { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name ?? null } } : {}),
  };
}
