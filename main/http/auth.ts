// Who is calling, and may they: HTTP basic auth against the broker's users, and RabbitMQ's
// management tags (rabbit_mgmt_util:is_authorized*). All of the API's access rules live here.
import type { Broker } from '../broker/broker';
import { hasTag, type User } from '../broker/access/users';
import { held, type LoginSource } from '../broker/access/login-guard';
import { parseBasic, satisfies, type ManagementNeed } from '../broker/access/management-tags';
import { loginFailed, NoCredentials, notAuthorised } from './errors';

/** What a request needs of its caller, weakest first. */
export type Need = ManagementNeed;

const REFUSAL: Record<Need, string> = {
  management: 'Not management user',
  monitoring: 'Not monitor user',
  // rabbit_mgmt_util:is_authorized_policies, the one check for policymakers, words it so
  policymaker: 'User not authorised to access object',
  administrator: 'Not administrator user',
};


/** The caller, or a 401 "Login failed" with RabbitMQ's WWW-Authenticate challenge; answered once
 *  the login throttle's wait (after failures from this source) is over. */
export async function authenticate(broker: Broker, header: string | undefined, from: LoginSource): Promise<User> {
  if (header === undefined) throw new NoCredentials();
  const creds = parseBasic(header);
  const via = 'HTTP API basic';
  const r = creds ? broker.logins.password({ ...from, user: creds.user, via }, creds.password) : broker.logins.refused({ ...from, user: '', via }, 'malformed credentials');
  await held(r.waitMs);
  if (!r.ok) throw loginFailed();
  return r.user;
}

export { parseBasic, satisfies };

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
