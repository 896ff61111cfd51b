// Who is calling, and may they: HTTP basic auth against the broker's users, and RabbitMQ's
// management tags (rabbit_mgmt_util:is_authorized*). All of the API's access rules live here.
import type { Broker } from '../broker/broker';
import { hasTag, type User } from '../broker/access/users';
import { loginFailed, NoCredentials, notAuthorised } from './errors';

/** What a request needs of its caller, weakest first. */
export type Need = 'management' | 'monitoring' | 'policymaker' | 'administrator';

const REFUSAL: Record<Need, string> = {
  management: 'Not management user',
  monitoring: 'Not monitor user',
  // rabbit_mgmt_util:is_authorized_policies, the one check for policymakers, words it so
  policymaker: 'User not authorised to access object',
  administrator: 'Not administrator user',
};

export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The caller, or a 401 "Login failed" with RabbitMQ's WWW-Authenticate challenge. */
export function authenticate(broker: Broker, header: string | undefined, fromLoopback: boolean): User {
  if (header === undefined) throw new NoCredentials();
  const creds = parseBasic(header);
  if (!creds) throw loginFailed();
  const r = broker.users.authenticate(creds.user, creds.password, fromLoopback);
  if (!r.ok) throw loginFailed();
  return r.user;
}

export function satisfies(user: User, need: Need): boolean {
  const admin = hasTag(user, 'administrator');
  switch (need) {
    case 'administrator': return admin;
    case 'monitoring': return admin || hasTag(user, 'monitoring');
    case 'policymaker': return admin || hasTag(user, 'policymaker');
    case 'management': return admin || hasTag(user, 'monitoring') || hasTag(user, 'policymaker') || hasTag(user, 'management');
  }
}

export function requireTag(user: User, need: Need): void {
  if (!satisfies(user, need)) throw notAuthorised(REFUSAL[need]);
}

/** Administrators reach every vhost; everyone else only those they have permissions in. */
export function mayUseVhost(broker: Broker, user: User, vhost: string): boolean {
  return hasTag(user, 'administrator') || broker.permissions.canAccessVhost(user.name, vhost);
}

export function requireVhost(broker: Broker, user: User, vhost: string): void {
  if (!mayUseVhost(broker, user, vhost)) throw notAuthorised('User not authorised to access virtual host');
}

/** The vhosts whose objects a caller's lists show: all of them for administrators and monitors. */
export function visibleVhosts(broker: Broker, user: User): string[] {
  const all = [...broker.vhosts.keys()];
  return satisfies(user, 'monitoring') ? all : all.filter((v) => broker.permissions.canAccessVhost(user.name, v));
}
