// /api/users, /api/users/{user} and the user's permissions (rabbit_mgmt_wm_users, _user,
// _user_permissions): administrators only.
import { isBase64, isHashingAlgorithm, DEFAULT_HASHING_ALGORITHM } from '../../broker/access/password-hash';
import { deleteUser, putUser } from '../../broker/access/admin';
import { normaliseTags, type User } from '../../broker/access/users';
import type { Limits } from '../../broker/parameters/limits';
import { badRequest } from '../errors';
import type { Resource } from '../router';
import { permissionJson, topicPermissionJson } from './permissions';

const ADMIN = { read: 'administrator', write: 'administrator' } as const;

export function userJson(u: User, limits: Limits): Record<string, unknown> {
  return { name: u.name, password_hash: u.passwordHash, hashing_algorithm: u.hashingAlgorithm, tags: u.tags, limits };
}

export const users: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  list: { rows: (ctx) => ctx.broker.users.list().map((u) => userJson(u, ctx.broker.users.limits(u.name))), sort: ['name'], pageable: false },
};

export const user: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.users.has(ctx.params.user),
  get: (ctx) => userJson(ctx.broker.users.get(ctx.params.user)!, ctx.broker.users.limits(ctx.params.user)),
  put(ctx) {
    const b = ctx.body;
    const name = ctx.params.user;
    if (b.tags === undefined) throw badRequest('tags_not_present');
    if (typeof b.tags !== 'string' && !(Array.isArray(b.tags) && b.tags.every((t) => typeof t === 'string'))) throw badRequest('tags must be a list or a comma-separated string');
    const tags = normaliseTags(b.tags as string | string[]);
    if (typeof b.password === 'string') return putUser(ctx.broker, name, { password: b.password }, tags);
    if (b.password_hash !== undefined) {
      const hash = b.password_hash;
      if (typeof hash !== 'string' || !isBase64(hash)) throw badRequest(['not_base64', hash]);
      const algorithm = b.hashing_algorithm ?? DEFAULT_HASHING_ALGORITHM;
      if (typeof algorithm !== 'string' || !isHashingAlgorithm(algorithm)) throw badRequest(['unknown_hashing_algorithm', algorithm]);
      return putUser(ctx.broker, name, { passwordHash: hash, hashingAlgorithm: algorithm }, tags);
    }
    if (b.password !== undefined) throw badRequest('password must be a string');
    return putUser(ctx.broker, name, null, tags);
  },
  delete(ctx) { deleteUser(ctx.broker, ctx.params.user); },
};

export const userPermissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.users.has(ctx.params.user),
  list: {
    rows: (ctx) => ctx.broker.permissions.list().filter((p) => p.user === ctx.params.user).map(permissionJson),
    sort: ['vhost'],
    pageable: false,
  },
};

export const userTopicPermissions: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.users.has(ctx.params.user),
  list: {
    rows: (ctx) => ctx.broker.permissions.listTopic().filter((p) => p.user === ctx.params.user).map(topicPermissionJson),
    sort: ['vhost', 'exchange'],
    pageable: false,
  },
};
