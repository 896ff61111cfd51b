// Logged-in browser UI sessions: a random token in an HttpOnly, SameSite=Strict cookie names the
// user. Kept in memory: a broker restart asks everyone to log in again. Idle sessions end.
import { randomBytes } from 'node:crypto';
import type { Principal } from './command-access';

export const SESSION_COOKIE = 'warren_session';
/** an idle browser session ends after this long (RabbitMQ's UI logs out after 8 hours too) */
const IDLE_LIMIT_MS = 8 * 60 * 60 * 1000;
/** enough sessions for every tab of every user; the oldest goes first beyond it */
const MAX_SESSIONS = 1000;

interface Session { user: string; lastSeen: number }

export class UiSessions {
  private readonly byToken = new Map<string, Session>();
  private readonly endListeners = new Set<(token: string) => void>();

  /** told when a session ends (logout, idle, evicted): what is kept for it goes (profile passwords) */
  onEnd(listener: (token: string) => void): void { this.endListeners.add(listener); }

  create(user: string): string {
    if (this.byToken.size >= MAX_SESSIONS) this.drop(this.byToken.keys().next().value!);
    const token = randomBytes(24).toString('base64url');
    this.byToken.set(token, { user, lastSeen: Date.now() });
    return token;
  }

  /** The session named by a request's Cookie header, if it is live. */
  principal(cookieHeader: string | undefined): Principal | null {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    const s = token ? this.byToken.get(token) : undefined;
    if (!s) return null;
    if (Date.now() - s.lastSeen > IDLE_LIMIT_MS) { this.drop(token!); return null; }
    s.lastSeen = Date.now();
    return { user: s.user };
  }

  end(cookieHeader: string | undefined): void {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    if (token && this.byToken.has(token)) this.drop(token);
  }

  /** the session token of a request's Cookie header (live or not) */
  static tokenOf(cookieHeader: string | undefined): string | null {
    return cookieValue(cookieHeader, SESSION_COOKIE);
  }

  private drop(token: string): void {
    this.byToken.delete(token);
    for (const l of this.endListeners) l(token);
  }
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export const sessionCookie = (token: string): string => `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
export const clearedSessionCookie = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
