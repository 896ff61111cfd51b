// /api/parameters[/{component}[/{vhost}[/{name}]]] and /api/global-parameters[/{name}]
// (rabbit_mgmt_wm_parameters, _parameter, _global_parameters, _global_parameter). The core decides
// which components exist and what they do (main/broker/parameters).
import { InvalidLimitError } from '../../broker/parameters/limits';
import {
  clearGlobalParameter, clearParameter, getGlobalParameter, getParameter, listGlobalParameters, listParameters, setGlobalParameter, setParameter,
  InvalidParameterError, UnknownComponentError,
} from '../../broker/parameters/runtime-parameters';
import { mayUseVhost, visibleVhosts } from '../auth';
import { requireKeys } from '../body';
import { badRequest, HttpError } from '../errors';
import type { Ctx, Resource } from '../router';

const POLICYMAKER = { read: 'policymaker', write: 'policymaker' } as const;
const ADMIN = { read: 'administrator', write: 'administrator' } as const;

/** RabbitMQ's runtime-parameter path HTML-escapes the Erlang terms in its validation text. */
const validationFailed = (text: string): HttpError =>
  badRequest(`Validation failed\n\n${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\n`);

function visibleRows(ctx: Ctx, component?: string, vhost?: string): Record<string, unknown>[] {
  const visible = new Set(visibleVhosts(ctx.broker, ctx.user));
  return listParameters(ctx.broker, component, vhost).filter((p) => visible.has(p.vhost)) as unknown as Record<string, unknown>[];
}

export const parameters: Resource = {
  methods: ['GET'], auth: POLICYMAKER,
  list: { rows: (ctx) => visibleRows(ctx), sort: [], pageable: false },
};

export const componentParameters: Resource = {
  methods: ['GET'], auth: POLICYMAKER,
  list: { rows: (ctx) => visibleRows(ctx, ctx.params.component), sort: [], pageable: false },
};

export const componentVhostParameters: Resource = {
  methods: ['GET'], auth: POLICYMAKER, vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => visibleRows(ctx, ctx.params.component, ctx.params.vhost), sort: [], pageable: false },
};

export const parameter: Resource = {
  methods: ['GET', 'PUT', 'DELETE'], auth: POLICYMAKER, vhostParam: 'vhost',
  exists: (ctx) => mayUseVhost(ctx.broker, ctx.user, ctx.params.vhost) && getParameter(ctx.broker, ctx.params.vhost, ctx.params.component, ctx.params.name) !== undefined,
  get: (ctx) => getParameter(ctx.broker, ctx.params.vhost, ctx.params.component, ctx.params.name),
  put(ctx) {
    requireKeys(ctx.body, ['value']);
    const { component, vhost, name } = ctx.params;
    if (!ctx.broker.vhosts.has(vhost)) throw new HttpError(404, 'not_found', 'vhost_not_found');
    try {
      return setParameter(ctx.broker, { vhost, component, name, value: ctx.body.value }, ctx.user.name);
    } catch (e) {
      if (e instanceof UnknownComponentError || e instanceof InvalidLimitError || e instanceof InvalidParameterError) throw validationFailed(e.message);
      throw e;
    }
  },
  delete: (ctx) => clearParameter(ctx.broker, ctx.params.vhost, ctx.params.component, ctx.params.name),
};

export const globalParameters: Resource = {
  methods: ['GET'], auth: ADMIN,
  list: { rows: (ctx) => listGlobalParameters(ctx.broker) as unknown as Record<string, unknown>[], sort: [], pageable: false },
};

export const globalParameter: Resource = {
  methods: ['GET', 'PUT', 'DELETE'], auth: ADMIN,
  exists: (ctx) => getGlobalParameter(ctx.broker, ctx.params.name) !== undefined,
  get: (ctx) => {
    const p = getGlobalParameter(ctx.broker, ctx.params.name)!;
    return { value: p.value, name: p.name };
  },
  put(ctx) {
    requireKeys(ctx.body, ['value']);
    return setGlobalParameter(ctx.broker, ctx.params.name, ctx.body.value);
  },
  delete: (ctx) => clearGlobalParameter(ctx.broker, ctx.params.name),
};
