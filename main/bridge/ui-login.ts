// The browser UI's login: POST /api/ui/login with {user, password} starts a session (an HttpOnly,
// SameSite=Strict cookie), GET /api/ui/session says who is logged in, POST /api/ui/logout ends it.
// The WebSocket and /api/route need a session (or, for the CLI, HTTP basic auth). Users log in
// as they would to RabbitMQ's management UI: a management-type tag, guest from this machine only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackAddress } from '../broker/access/loopback';
import type { Broker } from '../broker/broker';
import { parseBasic } from '../broker/access/management-tags';
import { mayUseUi, maySeeVhost, type Principal } from './command-access';
import { clearedSessionCookie, sessionCookie, UiSessions } from './ui-sessions';

/** What the UI server needs to log people in; built by the server assembly. */
export interface UiAccess {
  readonly sessions: UiSessions;
  /** a user's credentials -> who they are, or why not */
  login(user: string, password: string, fromLoopback: boolean): { ok: true; principal: Principal; tags: readonly string[] } | { ok: false; reason: string };
  /** an Authorization: Basic header (the CLI) -> who, or null */
  basic(header: string | undefined, fromLoopback: boolean): Principal | null;
  tagsOf(user: string): readonly string[];
  /** may this user watch this vhost's picture and events? */
  maySeeVhost(who: Principal, vhost: string): boolean;
}

export const LOGIN_PATHS = new Set(['/api/ui/login', '/api/ui/logout', '/api/ui/session']);
/** a login request is two short strings */
const MAX_LOGIN_BODY = 4096;

export const fromLoopback = (req: IncomingMessage): boolean => isLoopbackAddress(req.socket.remoteAddress ?? '');

/** Who sent this request: its session cookie, or basic auth where allowed. */
export function principalOf(access: UiAccess, req: IncomingMessage, allowBasic: boolean): Principal | null {
  return access.sessions.principal(req.headers.cookie) ?? (allowBasic ? access.basic(req.headers.authorization, fromLoopback(req)) : null);
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
  const r = access.login(body.user, body.password, fromLoopback(req));
  if (!r.ok) return json(401, { error: 'not_authorized', reason: r.reason });
  const token = access.sessions.create(r.principal.user);
  json(200, { user: r.principal.user, tags: r.tags }, { 'Set-Cookie': sessionCookie(token) });
}

/** The UI's access rules over the broker's users and permissions (command-access.ts). */
export function createUiAccess(broker: Broker, sessions: UiSessions = new UiSessions()): UiAccess {
  const login = (user: string, password: string, loopback: boolean): ReturnType<UiAccess['login']> => {
    const r = broker.users.authenticate(user, password, loopback);
    if (!r.ok) return { ok: false, reason: 'Login failed' };
    if (!mayUseUi(r.user)) return { ok: false, reason: 'Not management user' };
    return { ok: true, principal: { user }, tags: r.user.tags };
  };
  return {
    sessions,
    login,
    basic(header, loopback) {
      const creds = parseBasic(header);
      const r = creds ? login(creds.user, creds.password, loopback) : null;
      return r?.ok ? r.principal : null;
    },
    tagsOf: (user) => broker.users.get(user)?.tags ?? [],
    maySeeVhost: (who, vhost) => maySeeVhost(broker, who.user, vhost),
  };
}
