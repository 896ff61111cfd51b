// /api/definitions and /api/definitions/{vhost} (rabbit_mgmt_wm_definitions): export and import
// in RabbitMQ's definitions JSON, administrators only; the work is main/definitions'.
import { exportDefinitions, exportVersions, exportVhostDefinitions, type ExportVersions } from '../../definitions/export';
import { DefinitionsError, parseDefinitions, type DefinitionsJson } from '../../definitions/format';
import { importDefinitions, importVhostDefinitions } from '../../definitions/import';
import { badRequest, HttpError } from '../errors';
import { formBoundary, parseForm } from '../multipart';
import type { Ctx, Reply, Resource } from '../router';

const ADMIN = { read: 'administrator', write: 'administrator' } as const;
/** Definitions of a large broker run to megabytes. They come as the JSON body (rabbitmqadmin,
 *  scripts) or as the `file` field of a form upload (RabbitMQ's management UI, `curl -F
 *  file=@defs.json`), whose `redirect` field asks for a 303 back to a page of the UI. */
const BODY = { max: 32 * 1024 * 1024, parse: (raw: Buffer, contentType: string | undefined) => definitionsCall(() => upload(raw, contentType)) };

interface Upload { defs: DefinitionsJson; redirect: string | null }

function upload(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const boundary = formBoundary(contentType);
  if (boundary === null) return { defs: parseDefinitions(raw.toString('utf8')), redirect: null } satisfies Upload;
  const form = parseForm(raw, boundary);
  const file = form.get('file');
  if (!file) throw new DefinitionsError('failed_to_parse_json');
  const redirect = form.get('redirect')?.toString('utf8') ?? null;
  // Only a path on this server: never an open redirect to another site.
  const local = redirect !== null && redirect.startsWith('/') && !redirect.startsWith('//') && !redirect.includes('\\') ? redirect : null;
  return { defs: parseDefinitions(file.toString('utf8')), redirect: local } satisfies Upload;
}

const versions = (ctx: Ctx): ExportVersions => exportVersions(ctx.env.version);

/** A DefinitionsError as RabbitMQ's JSON error. */
function definitionsCall<T>(op: () => T): T {
  try { return op(); } catch (err) {
    if (err instanceof DefinitionsError) throw new HttpError(err.status, err.status === 404 ? 'not_found' : 'bad_request', err.reason);
    throw err;
  }
}

function imported(ctx: Ctx, op: (defs: DefinitionsJson) => void): Reply {
  const { defs, redirect } = ctx.body as unknown as Upload;
  definitionsCall(() => op(defs));
  return redirect === null ? { status: 204 } : { status: 303, headers: { location: redirect } };
}

export const definitions: Resource = {
  methods: ['GET', 'POST'],
  auth: ADMIN,
  body: BODY,
  get: (ctx) => exportDefinitions(ctx.broker, versions(ctx)),
  post: (ctx) => imported(ctx, (defs) => importDefinitions(ctx.broker, defs)),
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
  post: (ctx) => imported(ctx, (defs) => importVhostDefinitions(ctx.broker, ctx.params.vhost, defs)),
};
