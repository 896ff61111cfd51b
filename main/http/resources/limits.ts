// /api/vhost-limits[/{vhost}[/{name}]] and /api/user-limits[/{user}[/{name}]]
// (rabbit_mgmt_wm_limits, _limit, _user_limits, _user_limit): one limit set with {"value": N}.
import { checkLimits, InvalidLimitError, type LimitKind, type Limits, withLimit } from '../../broker/parameters/limits';
import { setParameter, VHOST_LIMITS } from '../../broker/parameters/runtime-parameters';
import { visibleVhosts } from '../auth';
import { requireKeys } from '../body';
import { badRequest, HttpError } from '../errors';
import type { Ctx, Resource } from '../router';

const ADMIN = { read: 'administrator', write: 'administrator' } as const;

const vhostRows = (ctx: Ctx, names: readonly string[]): Record<string, unknown>[] =>
  names.map((n) => ({ vhost: n, value: ctx.broker.vhost(n)!.limits })).filter((r) => Object.keys(r.value).length > 0);

const userRows = (ctx: Ctx, names: readonly string[]): Record<string, unknown>[] =>
  names.map((n) => ({ user: n, value: ctx.broker.users.limits(n) })).filter((r) => Object.keys(r.value).length > 0);

/** The new limit from {"value": N}, with RabbitMQ's texts for a bad name or value. */
function limitValue(ctx: Ctx, kind: LimitKind): number {
  requireKeys(ctx.body, ['value']);
  const { name } = ctx.params;
  try {
    return checkLimits(kind, { [name]: ctx.body.value })[name];
  } catch (e) {
    if (!(e instanceof InvalidLimitError)) throw e;
    // The vhost path goes through runtime-parameter validation, which words it so.
    throw badRequest(kind === 'vhost' ? `Validation failed\n\n${e.message}\n` : e.message);
  }
}

/** One limit is the whole vhost-limits parameter set again (RabbitMQ's parameter.set event follows). */
function setVhostLimit(ctx: Ctx, value: number | undefined): void {
  const v = ctx.broker.vhost(ctx.params.vhost)!;
  setParameter(ctx.broker, { vhost: v.name, component: VHOST_LIMITS, name: 'limits', value: withLimit(v.limits, ctx.params.name, value) });
}

function setUserLimit(ctx: Ctx, value: number | undefined): void {
  const u = ctx.params.user;
  const next: Limits = withLimit(ctx.broker.users.limits(u), ctx.params.name, value);
  ctx.broker.users.setLimits(u, next);
  ctx.broker.accessChanged();
}

export const vhostLimits: Resource = {
  methods: ['GET'],
  auth: { read: 'monitoring', write: 'administrator' },
  list: { rows: (ctx) => vhostRows(ctx, visibleVhosts(ctx.broker, ctx.user)), sort: [], pageable: false },
};

export const vhostLimitsOf: Resource = {
  methods: ['GET'],
  auth: { read: 'monitoring', write: 'administrator' },
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => vhostRows(ctx, [ctx.params.vhost]), sort: [], pageable: false },
};

export const vhostLimit: Resource = {
  methods: ['PUT', 'DELETE'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  put(ctx) {
    const value = limitValue(ctx, 'vhost');
    if (!ctx.broker.vhosts.has(ctx.params.vhost)) throw new HttpError(404, 'not_found', 'vhost_not_found');
    setVhostLimit(ctx, value);
    return false; // RabbitMQ answers 204 whether or not the limit was set before
  },
  delete: (ctx) => setVhostLimit(ctx, undefined),
};

export const userLimits: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  list: { rows: (ctx) => userRows(ctx, ctx.broker.users.list().map((u) => u.name)), sort: [], pageable: false },
};

export const userLimitsOf: Resource = {
  methods: ['GET'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.users.has(ctx.params.user),
  list: { rows: (ctx) => userRows(ctx, [ctx.params.user]), sort: [], pageable: false },
};

export const userLimit: Resource = {
  methods: ['PUT', 'DELETE'],
  auth: ADMIN,
  exists: (ctx) => ctx.broker.users.has(ctx.params.user),
  put(ctx) {
    const value = limitValue(ctx, 'user');
    if (!ctx.broker.users.has(ctx.params.user)) throw badRequest(['no_such_user', ctx.params.user]);
    setUserLimit(ctx, value);
    return false;
  },
  delete: (ctx) => setUserLimit(ctx, undefined),
};
