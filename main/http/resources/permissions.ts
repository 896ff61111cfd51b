// /api/permissions, /api/permissions/{vhost}/{user}, /api/topic-permissions and
// /api/topic-permissions/{vhost}/{user} (rabbit_mgmt_wm_permission(s), _topic_permission(s)).
import { clearPermission, clearTopicPermission, setPermission, setTopicPermission } from '../../broker/access/admin';
import { InvalidPermissionError, type TopicPermission, type VhostPermission } from '../../broker/access/permissions';
import { requireKeys, str } from '../body';
import { badRequest } from '../errors';
import type { Ctx, Resource } from '../router';

const ADMIN = { read: 'administrator', write: 'administrator' } as const;

export function permissionJson(p: VhostPermission): Record<string, unknown> {
  return { user: p.user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read };
}

export function topicPermissionJson(p: TopicPermission): Record<string, unknown> {
  return { user: p.user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read };
}

function requireUserAndVhost(ctx: Ctx): void {
  if (!ctx.broker.vhosts.has(ctx.params.vhost) || !ctx.broker.users.has(ctx.params.user)) throw badRequest('vhost_or_user_not_found');
}

function invalidRegexp<T>(f: () => T): T {
  try { return f(); } catch (e) {
    if (e instanceof InvalidPermissionError) throw badRequest(['invalid_regexp', e.message]);
    throw e;
  }
}

export const permissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  list: { rows: (ctx) => ctx.broker.permissions.list().map(permissionJson), sort: ['vhost', 'user'], pageable: false },
};

export const permission: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.permissions.get(ctx.params.user, ctx.params.vhost) !== undefined,
  get: (ctx) => permissionJson(ctx.broker.permissions.get(ctx.params.user, ctx.params.vhost)!),
  put(ctx) {
    requireKeys(ctx.body, ['configure', 'write', 'read']);
    requireUserAndVhost(ctx);
    const { user, vhost } = ctx.params;
    return invalidRegexp(() => setPermission(ctx.broker, { user, vhost, configure: str(ctx.body, 'configure'), write: str(ctx.body, 'write'), read: str(ctx.body, 'read') }));
  },
  delete(ctx) { clearPermission(ctx.broker, ctx.params.user, ctx.params.vhost); },
};

/** /api/vhosts/{vhost}/permissions and /topic-permissions: one vhost's, administrators only. */
export const vhostPermissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => ctx.broker.permissions.list().filter((p) => p.vhost === ctx.params.vhost).map(permissionJson), sort: ['user'], pageable: false },
};

export const vhostTopicPermissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => ctx.broker.permissions.listTopic().filter((p) => p.vhost === ctx.params.vhost).map(topicPermissionJson), sort: ['user', 'exchange'], pageable: false },
};

export const topicPermissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  list: { rows: (ctx) => ctx.broker.permissions.listTopic().map(topicPermissionJson), sort: ['vhost', 'user', 'exchange'], pageable: false },
};

const topicsOf = (ctx: Ctx): TopicPermission[] =>
  ctx.broker.permissions.listTopic().filter((p) => p.user === ctx.params.user && p.vhost === ctx.params.vhost);

export const topicPermission: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: ADMIN,
  exists: (ctx) => topicsOf(ctx).length > 0,
  list: { rows: (ctx) => topicsOf(ctx).map(topicPermissionJson), sort: ['exchange'], pageable: false },
  put(ctx) {
    requireKeys(ctx.body, ['exchange', 'write', 'read']);
    requireUserAndVhost(ctx);
    const { user, vhost } = ctx.params;
    const exchange = str(ctx.body, 'exchange');
    return invalidRegexp(() => setTopicPermission(ctx.broker, { user, vhost, exchange, write: str(ctx.body, 'write'), read: str(ctx.body, 'read') }));
  },
  delete(ctx) { clearTopicPermission(ctx.broker, ctx.params.user, ctx.params.vhost, ctx.query.get('exchange') ?? undefined); },
};
