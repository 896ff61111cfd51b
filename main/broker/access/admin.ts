// Changes to users, permissions and vhosts as the management API makes them (rabbit_mgmt_wm_user,
// _permission, _vhost), written once for every caller: the HTTP API and the window's admin panels.
// Each one saves (accessChanged) as it goes.
import type { Broker } from '../broker';
import type { HashingAlgorithm } from './password-hash';
import type { TopicPermission, VhostPermission } from './permissions';

/** A change that names a user or vhost that does not exist; `reason` is RabbitMQ's. */
export class AccessAdminError extends Error {
  constructor(readonly reason: 'vhost_or_user_not_found') { super(reason); }
}

/** A user's new password (or hash), or none: an existing user keeps theirs, a new one has none
 *  (and cannot log in with one). */
export type UserSecret =
  | { password: string }
  | { passwordHash: string; hashingAlgorithm: HashingAlgorithm }
  | null;

/** Create or replace a user; true if it is new. */
export function putUser(broker: Broker, name: string, secret: UserSecret, tags: readonly string[]): boolean {
  const existing = broker.users.get(name);
  if (secret === null) broker.users.put(name, { passwordHash: existing?.passwordHash ?? '', hashingAlgorithm: existing?.hashingAlgorithm, tags });
  else broker.users.put(name, { ...secret, tags });
  broker.accessChanged();
  const ev = broker.events;
  if (ev.active) {
    // RabbitMQ's order: created (or password changed), then the tags
    if (!existing) ev.emit({ type: 'user.created', name });
    else if (secret !== null) ev.emit({ type: 'user.password.changed', name });
    ev.emit({ type: 'user.tags.set', name, tags: [...tags] });
  }
  return existing === undefined;
}

/** Delete a user: RabbitMQ closes its connections (320 CONNECTION_FORCED) and forgets its permissions. */
export function deleteUser(broker: Broker, name: string): boolean {
  for (const c of [...broker.clients.values()]) if (c.info.user === name) c.close({ kind: 'admin', text: `user '${name}' is deleted` });
  const deleted = broker.users.delete(name);
  broker.permissions.forgetUser(name);
  broker.accessChanged();
  if (deleted && broker.events.active) broker.events.emit({ type: 'user.deleted', name });
  return deleted;
}

/** Create a vhost; RabbitMQ gives the user who creates it full permissions in it (the trusted
 *  window, `creator` null, is no user). True if it is new. */
export function createVhost(broker: Broker, name: string, creator: string | null): boolean {
  const created = broker.addVhost(name);
  if (created && creator !== null) {
    broker.permissions.set({ user: creator, vhost: name, configure: '.*', write: '.*', read: '.*' });
    broker.accessChanged();
    if (broker.events.active) broker.events.emit({ type: 'permission.created', user: creator, vhost: name, configure: '.*', write: '.*', read: '.*' });
  }
  return created;
}

/** Set a user's permissions on a vhost (InvalidPermissionError for a bad expression); true if new. */
export function setPermission(broker: Broker, p: VhostPermission): boolean {
  requireUserAndVhost(broker, p);
  const created = broker.permissions.get(p.user, p.vhost) === undefined;
  broker.permissions.set({ user: p.user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read });
  broker.accessChanged();
  if (broker.events.active) broker.events.emit({ type: 'permission.created', user: p.user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read });
  return created;
}

export function clearPermission(broker: Broker, user: string, vhost: string): void {
  broker.permissions.clear(user, vhost);
  broker.accessChanged();
  if (broker.events.active) broker.events.emit({ type: 'permission.deleted', user, vhost });
}

/** Set a user's topic permission on one exchange of a vhost (InvalidPermissionError for a bad
 *  expression); true if new. */
export function setTopicPermission(broker: Broker, p: TopicPermission): boolean {
  requireUserAndVhost(broker, p);
  const created = !broker.permissions.listTopic().some((t) => t.user === p.user && t.vhost === p.vhost && t.exchange === p.exchange);
  broker.permissions.setTopic({ user: p.user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read });
  broker.accessChanged();
  if (broker.events.active) broker.events.emit({ type: 'topic.permission.created', user: p.user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read });
  return created;
}

/** Clear a user's topic permissions on a vhost: on one exchange, or (none named) all of them. */
export function clearTopicPermission(broker: Broker, user: string, vhost: string, exchange?: string): void {
  broker.permissions.clearTopic(user, vhost, exchange);
  broker.accessChanged();
  if (broker.events.active) broker.events.emit({ type: 'topic.permission.deleted', user, vhost, exchange });
}

function requireUserAndVhost(broker: Broker, p: { user: string; vhost: string }): void {
  if (!broker.vhosts.has(p.vhost) || !broker.users.has(p.user)) throw new AccessAdminError('vhost_or_user_not_found');
}
