// /api/definitions and /api/definitions/{vhost} (rabbit_mgmt_wm_definitions): export and import
// in RabbitMQ's definitions JSON, administrators only; the work is main/definitions'.
import { exportDefinitions, exportVersions, exportVhostDefinitions, type ExportVersions } from '../../definitions/export';
import { DefinitionsError, parseDefinitions } from '../../definitions/format';
import { importDefinitions, importVhostDefinitions } from '../../definitions/import';
import { badRequest, HttpError } from '../errors';
import type { Ctx, Reply, Resource } from '../router';

const ADMIN = { read: 'administrator', write: 'administrator' } as const;
/** Definitions of a large broker run to megabytes. */
const BODY = { max: 32 * 1024 * 1024, parse: (raw: Buffer) => definitionsCall(() => parseDefinitions(raw.toString('utf8')) as Record<string, unknown>) };

const versions = (ctx: Ctx): ExportVersions => exportVersions(ctx.env.version);

/** A DefinitionsError as RabbitMQ's JSON error. */
function definitionsCall<T>(op: () => T): T {
  try { return op(); } catch (err) {
    if (err instanceof DefinitionsError) throw new HttpError(err.status, err.status === 404 ? 'not_found' : 'bad_request', err.reason);
    throw err;
  }
}

function imported(op: () => void): Reply {
  definitionsCall(op);
  return { status: 204 };
}

export const definitions: Resource = {
  methods: ['GET', 'POST'],
  auth: ADMIN,
  body: BODY,
  get: (ctx) => exportDefinitions(ctx.broker, versions(ctx)),
  post: (ctx) => imported(() => importDefinitions(ctx.broker, ctx.body)),
};

export const vhostDefinitions: Resource = {
  methods: ['GET', 'POST'],
  auth: ADMIN,
  body: BODY,
  vhostParam: 'vhost',
  // A missing vhost: 400 for GET, 404 for POST (from the import), as RabbitMQ 3.10.8 answers.
  get(ctx) {
    const v = ctx.broker.vhost(ctx.params.vhost);
    if (!v) throw badRequest('vhost_not_found');
    return exportVhostDefinitions(ctx.broker, v, versions(ctx));
  },
  post: (ctx) => imported(() => importVhostDefinitions(ctx.broker, ctx.params.vhost, ctx.body)),
};
