// What exchange, queue and binding resources share: the vhost a path names, the lists across the
// caller's vhosts or within one, and core errors reworded as the management API words them.
import { BrokerError } from '../../broker/errors';
import type { VHost } from '../../broker/vhost';
import { visibleVhosts } from '../auth';
import { HttpError, badRequest, notFound } from '../errors';
import type { Row } from '../query';
import type { Ctx, Resource } from '../router';

export const READ_MANAGEMENT = { read: 'management', write: 'management' } as const;

export function vhostOf(ctx: Ctx): VHost {
  const v = ctx.broker.vhost(ctx.params.vhost);
  if (!v) throw notFound();
  return v;
}

/** /api/{things} and /api/{things}/{vhost}: the same rows, across visible vhosts or in one. */
export function listResources(rows: (ctx: Ctx, v: VHost) => Row[], sort: readonly string[], pageable: boolean): { all: Resource; inVhost: Resource } {
  return {
    all: {
      methods: ['GET'],
      auth: READ_MANAGEMENT,
      list: { rows: (ctx) => visibleVhosts(ctx.broker, ctx.user).flatMap((n) => rows(ctx, ctx.broker.vhost(n)!)), sort, pageable },
    },
    inVhost: {
      methods: ['GET'],
      auth: READ_MANAGEMENT,
      vhostParam: 'vhost',
      exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
      list: { rows: (ctx) => rows(ctx, vhostOf(ctx)), sort, pageable },
    },
  };
}

/** Run a core operation; its refusals become 400 bad_request with the core's text (RabbitMQ
 *  reports declaration and deletion errors this way), a missing object 404 not_found. */
export function core<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof BrokerError)) throw e;
    if (e.replyName === 'NOT_FOUND') throw new HttpError(404, 'not_found', e.detail);
    if (e.replyName === 'ACCESS_REFUSED') throw new HttpError(401, 'not_authorised', 'Access refused.');
    throw badRequest(e.detail);
  }
}
