// The connection handshake's rules (AMQP 0-9-1 §2.2.4): what connection.start offers, what the
// client's capabilities mean, the login check, and the tuning agreed in tune-ok. The connection's
// state machine calls these and keeps the results; nothing here holds state.
import type { Broker } from '../../broker/broker';
import type { Endpoint } from '../../../shared/model/topology';
import { ConnectionError, Reply } from '../../broker/errors';
import type { FieldTable, MethodArgs } from '../codec/types';
import { FRAME_MIN_SIZE } from '../spec';
import { MECHANISMS, parseCredentials } from './auth';
import { serverProperties } from './server-properties';

export interface ConnectionLimits {
  frameMax: number;
  channelMax: number;
  /** heartbeat interval proposed in connection.tune, seconds */
  heartbeat: number;
}

/** RabbitMQ's defaults: 128 KiB frames, 2047 channels, a heartbeat every 60 s. */
export const DEFAULT_LIMITS: ConnectionLimits = { frameMax: 131072, channelMax: 2047, heartbeat: 60 };

export function startArgs(): MethodArgs['connection.start'] {
  return {
    versionMajor: 0, versionMinor: 9, serverProperties: serverProperties(),
    mechanisms: Buffer.from(MECHANISMS), locales: Buffer.from('en_US'),
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

/** The user a start-ok logs in as; a refusal is a 403 ACCESS_REFUSED connection error, after
 *  `refused` says who was refused (for the log). */
export function login(broker: Broker, a: MethodArgs['connection.start-ok'], fromLoopback: boolean, refused: (who: string) => void, ends?: { peer?: Endpoint; local?: Endpoint }): string {
  const creds = parseCredentials(a.mechanism, a.response);
  if (creds && broker.authenticate(creds.user, creds.password, fromLoopback, { mechanism: a.mechanism, protocol: '{0,9,1}', ...ends })) return creds.user;
  refused(creds ? `user '${creds.user}'` : `mechanism ${a.mechanism}`);
  throw new ConnectionError(Reply.ACCESS_REFUSED, `Login was refused using authentication mechanism ${a.mechanism}. For details see the broker logfile.`);
}

/** tune-ok: the client may lower our limits (0 = take ours) but not raise them. */
export function agreedLimits(ours: ConnectionLimits, a: MethodArgs['connection.tune-ok']): ConnectionLimits {
  const frameMax = a.frameMax === 0 ? ours.frameMax : a.frameMax;
  if (frameMax < FRAME_MIN_SIZE || frameMax > ours.frameMax) {
    throw new ConnectionError(Reply.NOT_ALLOWED, `frame_max=${a.frameMax} outside ${FRAME_MIN_SIZE}..${ours.frameMax}`);
  }
  return { frameMax, channelMax: a.channelMax === 0 ? ours.channelMax : Math.min(a.channelMax, ours.channelMax), heartbeat: a.heartbeat };
}
