// The browser UI's login: POST /api/ui/login with {user, password} starts a session (an HttpOnly,
// SameSite=Strict cookie), GET /api/ui/session says who is logged in, POST /api/ui/logout ends it.
// The WebSocket and /api/route need a session (or, for the CLI, HTTP basic auth). Users log in
// as they would to RabbitMQ's management UI: a management-type tag, guest from this machine only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { held, sourceOf, type LoginSource } from '../broker/access/login-guard';
import type { Broker } from '../broker/broker';
import { parseBasic } from '../broker/access/management-tags';
import { mayUseUi, maySeeVhost, type Principal } from './command-access';
import { clearedSessionCookie, sessionCookie, UiSessions } from './ui-sessions';

/** What the UI server needs to log people in; built by the server assembly. */
export interface UiAccess {
  readonly sessions: UiSessions;
  /** a user's credentials -> who they are, or why not; the answer waits `waitMs` (the login throttle) */
  login(user: string, password: string, from: LoginSource, via?: string): ({ ok: true; principal: Principal; tags: readonly string[] } | { ok: false; reason: string }) & { waitMs: number };
  /** an Authorization: Basic header (the CLI) -> who, or null; the answer waits `waitMs` */
  basic(header: string | undefined, from: LoginSource): { principal: Principal | null; waitMs: number };
  tagsOf(user: string): readonly string[];
  /** may this user watch this vhost's picture and events? */
  maySeeVhost(who: Principal, vhost: string): boolean;
}

export const LOGIN_PATHS = new Set(['/api/ui/login', '/api/ui/logout', '/api/ui/session']);
/** a login request is two short strings */
const MAX_LOGIN_BODY = 4096;

/** Who sent this request: its session cookie. */
export function principalOf(access: UiAccess, req: IncomingMessage): Principal | null {
  return access.sessions.principal(req.headers.cookie);
}

/** Who sent this request: its session cookie, else basic auth (the CLI), answered after the throttle's wait. */
export async function principalOrBasic(access: UiAccess, req: IncomingMessage): Promise<Principal | null> {
  const session = principalOf(access, req);
  if (session) return session;
  const r = access.basic(req.headers.authorization, sourceOf(req.socket));
  await held(r.waitMs);
  return r.principal;
}

type Json = (code: number, body: unknown, extra?: Record<string, string>) => void;

export async function serveLogin(access: UiAccess, path: string, req: IncomingMessage, res: ServerResponse, json: Json): Promise<void> {
  if (path === '/api/ui/session') {
    if (req.method !== 'GET') return json(405, { error: 'method_not_allowed', reason: 'use GET' }, { Allow: 'GET' });
    const p = access.sessions.principal(req.headers.cookie);
    // 200 either way: not being logged in is the page's normal first state, not an error
    return json(200, p ? { user: p.user, tags: access.tagsOf(p.user) } : { user: null });
  }
  if (req.method !== 'POST') return json(405, { error: 'method_not_allowed', reason: 'use POST' }, { Allow: 'POST' });
  if (path === '/api/ui/logout') {
    access.sessions.end(req.headers.cookie);
    return json(200, {}, { 'Set-Cookie': clearedSessionCookie });
  }
  // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return json(415, { error: 'bad_request', reason: 'send JSON' });
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_LOGIN_BODY) return json(400, { error: 'bad_request', reason: 'request too large' });
    chunks.push(c);
  }
  let body: { user?: unknown; password?: unknown };
  try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body; } catch { return json(400, { error: 'bad_request', reason: 'not_json' }); }
  if (typeof body?.user !== 'string' || typeof body.password !== 'string') return json(400, { error: 'bad_request', reason: 'user and password are required' });
  const r = access.login(body.user, body.password, sourceOf(req.socket));
  await held(r.waitMs);
  if (!r.ok) return json(401, { error: 'not_authorized', reason: r.reason });
  const token = access.sessions.create(r.principal.user);
  // over HTTPS the cookie is never sent back over plain HTTP
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true ? '; Secure' : '';
  json(200, { user: r.principal.user, tags: r.tags }, { 'Set-Cookie': sessionCookie(token) + secure });
}

/** The UI's access rules over the broker's users and permissions (command-access.ts). */
export function createUiAccess(broker: Broker, sessions: UiSessions = new UiSessions()): UiAccess {
  const login: UiAccess['login'] = (user, password, from, via = 'UI login') => {
    const r = broker.logins.password({ ...from, user, via }, password);
    if (!r.ok) return { ok: false, reason: 'Login failed', waitMs: r.waitMs };
    if (!mayUseUi(r.user)) return { ok: false, reason: 'Not management user', waitMs: r.waitMs };
    return { ok: true, principal: { user }, tags: r.user.tags, waitMs: r.waitMs };
  };
  return {
    sessions,
    login,
    basic(header, from) {
      const creds = parseBasic(header);
      if (!creds) return { principal: null, waitMs: header === undefined ? 0 : broker.logins.refused({ ...from, user: '', via: 'UI basic' }, 'malformed credentials').waitMs };
      const r = login(creds.user, creds.password, from, 'UI basic');
      return { principal: r.ok ? r.principal : null, waitMs: r.waitMs };
    },
    tagsOf: (user) => broker.users.get(user)?.tags ?? [],
    maySeeVhost: (who, vhost) => maySeeVhost(broker, who.user, vhost),
  };
}
