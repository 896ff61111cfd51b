// The management HTTP API (RabbitMQ's /api/*) on the UI's port: request checks, then the
// resource's questions in webmachine's order: method (405), caller (401), vhost access (401),
// body (400, 413), existence (404), and finally the answer. Errors are RabbitMQ's JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BrokerError } from '../broker/errors';
import { authenticate, requireTag, requireVhost } from './auth';
import { sourceOf } from '../broker/access/login-guard';
import { HttpError, badRequest, methodNotAllowed, notFound, tooLarge } from './errors';
import { listReply, parseColumns, pick, type Row } from './query';
import { match, splitPath, type ApiEnv, type Ctx, type Method, type Route } from './router';
import { ROUTES } from './routes';

/** RabbitMQ's management listener takes bodies far larger; definitions ask for more. */
export const MAX_BODY = 64 * 1024;

export interface ApiOptions {
  /** a Host header (or an Origin's host) naming this server, not a rebinding attacker's name */
  isOwnHost(host: string | undefined): boolean;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createManagementApi(env: ApiEnv, opts: ApiOptions, routes: readonly Route[] = ROUTES): ApiHandler {
  return async (req, res) => {
    try {
      const reply = await handle(env, opts, routes, req);
      env.settle?.();
      send(res, reply.status, reply.body, reply.headers);
    } catch (err) {
      const e = asHttpError(err);
      env.settle?.(); // a failed request may have changed something before failing
      send(res, e.status, e.body(), e.headers);
    }
  };
}

async function handle(env: ApiEnv, opts: ApiOptions, routes: readonly Route[], req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
  if (!opts.isOwnHost(req.headers.host)) throw new HttpError(421, 'bad_request', 'unknown host');
  // Browsers send Origin on cross-site requests (and Sec-Fetch-Site even on a cross-site GET, which
  // would carry cached basic credentials); only this server's own pages may call the API.
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && !sameOrigin(origin, opts)) || site === 'cross-site' || site === 'same-site') {
    throw new HttpError(403, 'access_refused', 'cross-origin requests are refused');
  }
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const segments = splitPath(q < 0 ? raw : raw.slice(0, q));
  if (!segments) throw badRequest('bad path encoding');
  const found = match(routes, segments);
  if (!found) throw notFound();
  const { resource, params } = found;
  const allow = (resource.methods.includes('GET') ? ['HEAD', 'GET', 'OPTIONS'] : ['OPTIONS']).concat(resource.methods.filter((m) => m !== 'GET'));
  if (req.method === 'OPTIONS') return { status: 200, headers: { allow: allow.join(', ') } };
  const head = req.method === 'HEAD';
  const method = (head ? 'GET' : req.method) as Method;
  if (!resource.methods.includes(method)) throw methodNotAllowed(allow);
  const user = await authenticate(env.broker, req.headers.authorization, sourceOf(req.socket));
  requireTag(user, 'management');
  requireTag(user, method === 'GET' ? resource.auth.read : resource.auth.write);
  if (resource.vhostParam && env.broker.vhosts.has(params[resource.vhostParam])) requireVhost(env.broker, user, params[resource.vhostParam]);
  const parse = resource.body?.parse ?? parseBody;
  const body = method === 'PUT' || method === 'POST' ? parse(await readBody(req, resource.body?.max ?? MAX_BODY), req.headers['content-type']) : {};
  const ctx: Ctx = { env, broker: env.broker, user, params, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)), headers: req.headers, body };
  if (method !== 'PUT' && resource.exists && !resource.exists(ctx)) throw notFound();
  switch (method) {
    case 'GET': {
      const l = resource.list;
      const value = l ? listReply(l.rows(ctx), ctx.query, l.sort, l.pageable) : pickColumns(resource.get!(ctx), ctx.query);
      return { status: 200, body: head ? undefined : value };
    }
    // the events a change causes name the user who made it (amq.rabbitmq.event's user_who_performed_action)
    case 'PUT': return { status: env.broker.events.as(user.name, () => resource.put!(ctx)) ? 201 : 204 };
    case 'DELETE': env.broker.events.as(user.name, () => resource.delete!(ctx)); return { status: 204 };
    case 'POST': return env.broker.events.as(user.name, () => resource.post!(ctx));
  }
}

/** columns= applies to single objects too (GET /api/queues/%2F/q?columns=name,messages). */
function pickColumns(value: unknown, query: URLSearchParams): unknown {
  const columns = parseColumns(query.get('columns'));
  if (!columns || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return pick(value as Row, columns);
}

function sameOrigin(origin: string, opts: ApiOptions): boolean {
  try {
    const o = new URL(origin);
    return (o.protocol === 'http:' || o.protocol === 'https:') && opts.isOwnHost(o.host);
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw tooLarge();
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** An empty body is {} (RabbitMQ's rabbit_mgmt_util:with_decode); anything but an object is not_json. */
export function parseBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw badRequest('not_json'); }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest('not_json');
  return v as Record<string, unknown>;
}

/** Core errors as RabbitMQ's management API reports them. */
function asHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof BrokerError) {
    if (err.replyName === 'NOT_FOUND') return notFound();
    if (err.replyName === 'ACCESS_REFUSED') return new HttpError(401, 'not_authorised', err.detail);
    return badRequest(err.replyText);
  }
  return new HttpError(500, 'internal_server_error', (err as Error)?.message ?? String(err));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(json),
    Vary: 'origin',
    ...headers,
  });
  res.end(json);
}
