// Vhosts, users, permissions and policies as the definitions file keeps them, so that what the
// management API creates survives a restart. A file without them leaves RabbitMQ's defaults (guest on '/').
import type { Broker } from '../broker/broker';
import type { TopicPermission, VhostPermission } from '../broker/access/permissions';
import type { User } from '../broker/access/users';
import type { Policy, PolicyKind } from '../broker/policies/policy';
import type { Limits } from '../broker/parameters/limits';
import { isClockScale } from '../broker/vhost-clock';

export interface AccessDefinitions {
  vhosts: string[];
  users: User[];
  permissions: VhostPermission[];
  topicPermissions: TopicPermission[];
  /** absent in files written before policies */
  policies?: Policy[];
  operatorPolicies?: Policy[];
  /** absent in files written before limits */
  userLimits?: Array<{ user: string; limits: Limits }>;
  vhostLimits?: Array<{ vhost: string; limits: Limits }>;
  /** sandbox clocks not at ×1 (absent in files written before them) */
  vhostClocks?: Array<{ vhost: string; scale: number }>;
  /** descriptions and tags given to vhosts (absent in files written before them) */
  vhostMetadata?: Array<{ vhost: string; description: string; tags: string[] }>;
}

const POLICY_LISTS: ReadonlyArray<[PolicyKind, 'policies' | 'operatorPolicies']> = [['policy', 'policies'], ['operator', 'operatorPolicies']];

export function collectAccess(broker: Broker): AccessDefinitions {
  return {
    vhosts: [...broker.vhosts.keys()],
    users: broker.users.list(),
    permissions: broker.permissions.list(),
    topicPermissions: broker.permissions.listTopic(),
    policies: broker.policies('policy'),
    operatorPolicies: broker.policies('operator'),
    userLimits: broker.users.list().map((u) => ({ user: u.name, limits: broker.users.limits(u.name) })).filter((l) => Object.keys(l.limits).length > 0),
    vhostLimits: [...broker.vhosts.values()].map((v) => ({ vhost: v.name, limits: v.limits })).filter((l) => Object.keys(l.limits).length > 0),
    vhostClocks: [...broker.vhosts.values()].filter((v) => v.clockScale !== 1).map((v) => ({ vhost: v.name, scale: v.clockScale })),
    vhostMetadata: [...broker.vhosts.values()].flatMap((v) => (v.metadata ? [{ vhost: v.name, ...v.metadata }] : [])),
  };
}

/** Make the broker's vhosts, users and permissions exactly those saved (before any queue is restored). */
export function restoreAccess(broker: Broker, a: AccessDefinitions): void {
  for (const name of a.vhosts) broker.addVhost(name);
  for (const name of [...broker.vhosts.keys()]) if (!a.vhosts.includes(name)) broker.deleteVhost(name);
  for (const u of broker.users.list()) broker.users.delete(u.name);
  for (const u of a.users) broker.users.put(u.name, { passwordHash: u.passwordHash, hashingAlgorithm: u.hashingAlgorithm, tags: u.tags });
  for (const p of broker.permissions.list()) broker.permissions.clear(p.user, p.vhost);
  for (const p of a.permissions) broker.permissions.set(p);
  for (const p of a.topicPermissions) broker.permissions.setTopic(p);
  for (const l of a.userLimits ?? []) broker.users.setLimits(l.user, l.limits);
  // before the queues come back, so that restored messages' TTL runs at the vhost's pace
  for (const v of broker.vhosts.values()) v.setClockScale(1);
  for (const c of a.vhostClocks ?? []) if (isClockScale(c.scale)) broker.vhost(c.vhost)?.setClockScale(c.scale);
  for (const v of broker.vhosts.values()) v.metadata = null;
  for (const m of a.vhostMetadata ?? []) {
    const v = broker.vhost(m.vhost);
    if (v && typeof m.description === 'string' && Array.isArray(m.tags)) v.metadata = { description: m.description, tags: m.tags.map(String) };
  }
  // Saved policies were checked when set; vhosts not saved with them are gone.
  for (const [kind, key] of POLICY_LISTS) {
    for (const v of broker.vhosts.values()) for (const p of v.policies.list(kind)) v.policies.delete(kind, p.name);
    for (const p of a[key] ?? []) broker.vhost(p.vhost)?.policies.put(kind, p);
  }
}

/** Vhost limits, restored after the queues: a queue limit never refuses recovering queues. */
export function restoreVhostLimits(broker: Broker, a: AccessDefinitions): void {
  for (const l of a.vhostLimits ?? []) {
    const v = broker.vhost(l.vhost);
    if (v) v.limits = l.limits;
  }
}
