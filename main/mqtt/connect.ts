// CONNECT: the client id, the login and the vhost, as RabbitMQ's MQTT plugin decides them, and
// CONNACK's refusal codes in each protocol version (3.1/3.1.1 return codes, MQTT 5 reason codes).
import { randomBytes } from 'node:crypto';
import type { IConnackPacket, IConnectPacket } from 'mqtt-packet';
import type { Broker } from '../broker/broker';
import type { SessionAccess } from '../broker/access/session-access';
import type { LoginAttempt } from '../broker/access/login-guard';
import type { StreamPeer } from '../transport/stream-peer';
import { BrokerError } from '../broker/errors';
import type { VHost } from '../broker/vhost';
import type { MqttSettings } from './settings';

export type Refusal = 'protocol' | 'client-id' | 'unavailable' | 'credentials' | 'not-authorized';

/** CONNACK's code for a refusal: MQTT 3.1.1 §3.2.2.3 and MQTT 5 §3.2.2.2. */
export function connackCode(refusal: Refusal, version: number): number {
  const v5 = version === 5;
  switch (refusal) {
    case 'protocol': return v5 ? 0x84 : 1;
    case 'client-id': return v5 ? 0x85 : 2;
    case 'unavailable': return v5 ? 0x88 : 3;
    case 'credentials': return v5 ? 0x86 : 4;
    case 'not-authorized': return v5 ? 0x87 : 5;
  }
}

export class ConnectRefused extends Error {
  /** how long CONNACK must wait (the login throttle) */
  waitMs = 0;
  constructor(readonly refusal: Refusal, message: string) { super(message); }
}

/** What CONNECT's login needs of the peer. */
export type ConnectPeer = Pick<StreamPeer, 'remoteAddress' | 'remotePort' | 'loopback' | 'clientCert'>;

export interface Login {
  clientId: string;
  /** the id was the server's choice (an empty one in CONNECT): MQTT 5 returns it in CONNACK */
  assigned: boolean;
  user: string;
  vhost: VHost;
  access: SessionAccess;
  /** how long CONNACK must wait (the login throttle) */
  waitMs: number;
}

/** Decide a CONNECT; throws ConnectRefused with the reason to answer in CONNACK. */
export function acceptConnect(broker: Broker, settings: MqttSettings, packet: IConnectPacket, peer: ConnectPeer): Login {
  const version = packet.protocolVersion ?? 4;
  let clientId = packet.clientId ?? '';
  let assigned = false;
  if (clientId === '') {
    // An empty id is for clean sessions only (3.1.1 §3.1.3.1); MQTT 3.1 allows none at all.
    if ((!packet.clean && version !== 5) || version === 3) throw new ConnectRefused('client-id', 'an empty client id needs a clean session');
    clientId = `warren-${randomBytes(12).toString('base64url')}`;
    assigned = true;
  }
  // RabbitMQ's ssl_cert_login: a verified client certificate without username and password logs in
  // as the user it names (its CN, or its DN)
  const certUser = packet.username === undefined && packet.password === undefined ? peer.clientCert?.login ?? null : null;
  const { user, password, vhostName } = certUser !== null ? { user: certUser, password: '', vhostName: settings.defaultVhost } : credentials(settings, packet);
  const attempt: LoginAttempt = {
    user, address: peer.remoteAddress, port: peer.remotePort, loopback: peer.loopback, via: certUser !== null ? 'MQTT certificate' : 'MQTT',
    context: { mechanism: certUser !== null ? 'EXTERNAL' : 'PLAIN', protocol: 'MQTT' },
  };
  const verdict = certUser !== null ? broker.logins.certificate(attempt) : broker.logins.password(attempt, password);
  let refused: ConnectRefused;
  if (!verdict.ok) {
    refused = verdict.why === 'user may only connect from localhost'
      ? new ConnectRefused('not-authorized', `user '${user}' may only connect from localhost`)
      : new ConnectRefused('credentials', `bad credentials for user '${user}'`);
  } else {
    try {
      const { vhost, access } = broker.openSession(user, vhostName, clientId);
      return { clientId, assigned, user, vhost, access, waitMs: verdict.waitMs };
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      refused = new ConnectRefused('not-authorized', err.detail);
    }
  }
  refused.waitMs = verdict.waitMs;
  throw refused;
}

/** RabbitMQ's rules: "vhost:user" names a vhost, a CONNECT without credentials is the anonymous
 *  user's (if allowed), a username without a password (or the reverse) is refused. */
function credentials(settings: MqttSettings, packet: IConnectPacket): { user: string; password: string; vhostName: string } {
  const password = packet.password?.toString('utf8');
  if (packet.username === undefined) {
    if (password !== undefined) throw new ConnectRefused('credentials', 'a password without a username');
    if (!settings.anonymous) throw new ConnectRefused('credentials', 'anonymous connections are not allowed');
    return { user: settings.anonymous.user, password: settings.anonymous.password, vhostName: settings.defaultVhost };
  }
  if (password === undefined) throw new ConnectRefused('credentials', `no password for user '${packet.username}'`);
  const colon = packet.username.indexOf(':');
  if (colon < 0) return { user: packet.username, password, vhostName: settings.defaultVhost };
  return { user: packet.username.slice(colon + 1), password, vhostName: packet.username.slice(0, colon) };
}

/** What the server tells an MQTT 5 client in CONNACK. */
export interface ServerLimits {
  topicAliasMaximum: number;
  maximumPacketSize: number;
}

/** CONNACK for an accepted CONNECT. */
export function connackPacket(version: number, present: boolean, login: Login, limits: ServerLimits): IConnackPacket {
  if (version !== 5) return { cmd: 'connack', returnCode: 0, sessionPresent: present };
  return {
    cmd: 'connack', reasonCode: 0, sessionPresent: present,
    properties: {
      ...(login.assigned ? { assignedClientIdentifier: login.clientId } : {}),
      topicAliasMaximum: limits.topicAliasMaximum, maximumPacketSize: limits.maximumPacketSize,
      retainAvailable: true, wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: true, sharedSubscriptionAvailable: true,
    },
  };
}

/** CONNACK refusing a CONNECT, in the client's version. */
export function refusalPacket(version: number, err: ConnectRefused): IConnackPacket {
  return version === 5
    ? { cmd: 'connack', reasonCode: connackCode(err.refusal, 5), sessionPresent: false, properties: { reasonString: err.message } }
    : { cmd: 'connack', returnCode: connackCode(err.refusal, version), sessionPresent: false };
}
