// The connection handshake's rules (AMQP 0-9-1 §2.2.4): what connection.start offers, what the
// client's capabilities mean, the login check, and the tuning agreed in tune-ok. The connection's
// state machine calls these and keeps the results; nothing here holds state.
import type { Broker } from '../../broker/broker';
import type { LoginAttempt, LoginVerdict } from '../../broker/access/login-guard';
import type { Endpoint } from '../../../shared/model/topology';
import { ConnectionError, Reply } from '../../broker/errors';
import type { StreamPeer } from '../../transport/stream-peer';
import type { FieldTable, MethodArgs } from '../codec/types';
import { FRAME_MIN_SIZE } from '../spec';
import { MECHANISMS, mechanismsOffered, parseCredentials } from './auth';
import { serverProperties } from './server-properties';

export interface ConnectionLimits {
  frameMax: number;
  channelMax: number;
  /** heartbeat interval proposed in connection.tune, seconds */
  heartbeat: number;
  /** the largest message body a publish may have (not negotiated; RabbitMQ's max_message_size) */
  maxMessageSize: number;
  /** ms from the TCP accept to connection.open: a client slower than this is dropped (RabbitMQ's
   *  handshake_timeout, which closes the socket without a connection.close) */
  handshakeTimeout: number;
  /** ms output may wait for a peer that reads none of it before the socket is closed (RabbitMQ's
   *  TCP send timeout: RabbitMQ 3.10 drops a consumer that reads nothing after 30 s, logging
   *  {writer,send_failed,{error,timeout}}) */
  sendTimeout: number;
}

/** RabbitMQ's ceiling for max_message_size (512 MiB). */
export const MAX_MESSAGE_SIZE_CEILING = 536_870_912;

/** RabbitMQ's defaults: 128 KiB frames, 2047 channels, a heartbeat every 60 s, 128 MiB messages,
 *  10 s to complete the handshake, 30 s for a stalled reader. */
export const DEFAULT_LIMITS: ConnectionLimits = {
  frameMax: 131072, channelMax: 2047, heartbeat: 60, maxMessageSize: 134_217_728, handshakeTimeout: 10_000, sendTimeout: 30_000,
};

export function startArgs(peer: StreamPeer): MethodArgs['connection.start'] {
  return {
    versionMajor: 0, versionMinor: 9, serverProperties: serverProperties(),
    mechanisms: Buffer.from(mechanismsOffered(peer.clientCert !== undefined)), locales: Buffer.from('en_US'),
  };
}

/** The capabilities a client announces in start-ok that change what the server sends. */
export interface ClientCapabilities {
  /** server-sent basic.cancel when a queue is deleted under a consumer */
  cancelNotify: boolean;
  /** connection.blocked / unblocked */
  blockedNotify: boolean;
}

export function clientCapabilities(clientProperties: FieldTable): ClientCapabilities {
  const caps = clientProperties.find(([k]) => k === 'capabilities')?.[1];
  if (caps?.type !== 'F') return { cancelNotify: false, blockedNotify: false };
  const flag = (name: string): boolean => {
    const v = caps.value.find(([k]) => k === name)?.[1];
    return v?.type === 't' && v.value;
  };
  return { cancelNotify: flag('consumer_cancel_notify'), blockedNotify: flag('connection.blocked') };
}

/** How a start-ok logs in: as the broker's own client (a local shovel: access/internal-login.ts,
 *  never throttled or logged), or by the core's LoginGuard's verdict (logged and throttled).
 *  EXTERNAL logs in as the verified client certificate's subject CN, which must be a user. */
export type AmqpLogin = { internal: true; user: string } | { internal: false; verdict: LoginVerdict };

export function login(broker: Broker, a: MethodArgs['connection.start-ok'], peer: StreamPeer, ends: { peer?: Endpoint; local?: Endpoint } = {}): AmqpLogin {
  const attempt = (user: string): LoginAttempt => ({
    user, address: peer.remoteAddress, port: peer.remotePort, loopback: peer.loopback,
    via: `AMQP ${a.mechanism.replace(/[^A-Za-z0-9_-]/g, '?').slice(0, 40)}`,
    context: { mechanism: a.mechanism, protocol: '{0,9,1}', ...ends },
  });
  const judged = (verdict: LoginVerdict): AmqpLogin => ({ internal: false, verdict });
  if (a.mechanism === 'EXTERNAL' && peer.clientCert) {
    return judged(peer.clientCert.login === null ? broker.logins.refused(attempt(''), 'no client certificate') : broker.logins.certificate(attempt(peer.clientCert.login)));
  }
  const creds = parseCredentials(a.mechanism, a.response);
  if (!creds) return judged(broker.logins.refused(attempt(''), MECHANISMS.split(' ').includes(a.mechanism) ? 'malformed credentials' : 'unsupported mechanism'));
  if (broker.internalLogin.accepts(creds.user, creds.password)) return { internal: true, user: creds.user };
  return judged(broker.logins.password(attempt(creds.user), creds.password));
}

/** RabbitMQ's answer to a refused login. */
export const loginRefused = (mechanism: string): ConnectionError =>
  new ConnectionError(Reply.ACCESS_REFUSED, `Login was refused using authentication mechanism ${mechanism}. For details see the broker logfile.`);

/** tune-ok: the client may lower our limits (0 = take ours) but not raise them. */
export function agreedLimits(ours: ConnectionLimits, a: MethodArgs['connection.tune-ok']): ConnectionLimits {
  const frameMax = a.frameMax === 0 ? ours.frameMax : a.frameMax;
  if (frameMax < FRAME_MIN_SIZE || frameMax > ours.frameMax) {
    throw new ConnectionError(Reply.NOT_ALLOWED, `frame_max=${a.frameMax} outside ${FRAME_MIN_SIZE}..${ours.frameMax}`);
  }
  return { ...ours, frameMax, channelMax: a.channelMax === 0 ? ours.channelMax : Math.min(a.channelMax, ours.channelMax), heartbeat: a.heartbeat };
}
