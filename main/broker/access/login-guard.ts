// Every login, whatever the protocol (AMQP, MQTT, the management API, the UI), goes through here:
// the user database's verdict, one warning line for each refusal (who, from where, which
// mechanism, why; never the password), and the throttle's wait for the answer.
import { isLoopbackAddress, plainIp } from './loopback';
import { LoginThrottle } from './login-throttle';
import type { User, Users } from './users';
import type { Endpoint } from '../../../shared/model/topology';

export interface LoginAttempt {
  /** the user name the client gave ('' when it gave none) */
  user: string;
  /** the peer's IP address, without the port: the throttle's unit */
  address: string;
  port: number;
  /** protocol and mechanism, as the log line says it: "AMQP PLAIN", "MQTT", "HTTP API basic" */
  via: string;
  loopback: boolean;
  /** what the event exchange reports of it (user.authentication.*) */
  context?: LoginContext;
}

/** A login as amq.rabbitmq.event reports it: mechanism, protocol and both ends. */
export interface LoginContext { mechanism: string; protocol: string; peer?: Endpoint; local?: Endpoint }

/** Where an attempt comes from. */
export type LoginSource = Pick<LoginAttempt, 'address' | 'port' | 'loopback'>;

/** The source of a request on a socket (an HTTP request's). */
export function sourceOf(socket: { remoteAddress?: string; remotePort?: number }): LoginSource {
  const address = plainIp(socket.remoteAddress);
  return { address, port: socket.remotePort ?? 0, loopback: isLoopbackAddress(address) };
}

export type LoginFailure = 'no such user' | 'wrong password' | 'user may only connect from localhost' | 'no client certificate'
  | 'unsupported mechanism' | 'malformed credentials' | 'not a management user';

/** The verdict, and how long (ms) the protocol must hold its answer, success or refusal alike, so
 *  that a guesser learns nothing sooner by giving up early. */
export type LoginVerdict = { ok: true; user: User; waitMs: number } | { ok: false; why: LoginFailure; waitMs: number };

export class LoginGuard {
  /** told of every verdict (the broker's event exchange) */
  onOutcome: ((a: LoginAttempt, ok: boolean) => void) | null = null;

  constructor(private readonly users: Users, private readonly warn: (line: string) => void, readonly throttle = new LoginThrottle()) {}

  /** A password login (PLAIN, AMQPLAIN, MQTT CONNECT, HTTP basic, the UI's form). */
  password(a: LoginAttempt, password: string): LoginVerdict {
    const r = this.users.authenticate(a.user, password, a.loopback);
    if (r.ok) return this.accepted(a, r.user);
    return this.refused(a, r.why === 'unknown-user' ? 'no such user' : r.why === 'bad-password' ? 'wrong password' : 'user may only connect from localhost');
  }

  /** A login the peer's verified client certificate vouches for (EXTERNAL): the user must exist. */
  certificate(a: LoginAttempt): LoginVerdict {
    const user = this.users.get(a.user);
    if (!user) return this.refused(a, 'no such user');
    if (!a.loopback && this.users.loopbackOnly.has(a.user)) return this.refused(a, 'user may only connect from localhost');
    return this.accepted(a, user);
  }

  /** A refusal the protocol decided itself (a mechanism not offered, an unreadable response). */
  refused(a: LoginAttempt, why: LoginFailure): LoginVerdict & { ok: false } {
    const waitMs = this.throttle.waitFor(a.address, a.user);
    this.throttle.failed(a.address, a.user);
    this.warn(`login failed: user ${quoted(a.user)} from ${hostPort(a)} via ${a.via} (${why})`);
    this.onOutcome?.(a, false);
    return { ok: false, why, waitMs };
  }

  private accepted(a: LoginAttempt, user: User): LoginVerdict {
    const waitMs = this.throttle.waitFor(a.address, a.user);
    this.throttle.succeeded(a.address, a.user);
    this.onOutcome?.(a, true);
    return { ok: true, user, waitMs };
  }
}

/** A user name as the log shows it: quoted, control characters escaped (no forged log lines). */
function quoted(name: string): string {
  const clipped = name.length > 200 ? `${name.slice(0, 200)}…` : name;
  return `'${clipped.replace(/[\u0000-\u001f\u007f'\\]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

const hostPort = (a: LoginAttempt): string => (a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`);

/** Wait `ms` (nothing at all when 0, so a login without failures stays synchronous). */
export function held(ms: number): Promise<void> | null {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : null;
}
