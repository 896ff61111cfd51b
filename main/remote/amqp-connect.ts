// One AMQP 0-9-1 connection to a remote broker, for the window's AMQP work there (the firehose,
// returning dead letters), over @cloudamqp/amqp-client rather than our own codec (that is the
// server's; a client's framing would be a second one to keep). Failures become RemoteErrors whose
// message a person can act on, like the management client's.
import { AMQPClient } from '@cloudamqp/amqp-client';
import { rootCertificates } from 'node:tls';
import { RemoteError } from './management-client';

export type AmqpConnection = Awaited<ReturnType<AMQPClient['connect']>>;

export interface AmqpTarget {
  /** amqp(s)://host:port, without credentials or vhost */
  amqpUrl: string;
  user: string;
  password: string;
  vhost: string;
  /** a CA (PEM) to trust besides the system's */
  caPem?: string | null;
  /** the connection's name in the broker's UI and API, so a person can tell what it is */
  name: string;
  /** default 15 s */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT = 15_000;

/** What a profile keeps (shared/model/remote.ts ProfileInfo, with its password). */
export interface AmqpProfile {
  managementUrl: string;
  /** null: the management URL's host on 5672 (5671 for https) */
  amqpUrl: string | null;
  user: string;
  password: string;
  caPem?: string | null;
}

/** A profile's AMQP address and credentials (the vhost and the connection's name are the caller's). */
export function amqpOf(p: AmqpProfile): Omit<AmqpTarget, 'vhost' | 'name'> {
  let amqpUrl = p.amqpUrl;
  if (!amqpUrl) {
    let m: URL;
    try { m = new URL(p.managementUrl); } catch { throw new RemoteError('protocol', `not a URL: '${p.managementUrl}'`); }
    amqpUrl = m.protocol === 'https:' ? `amqps://${m.hostname}:5671` : `amqp://${m.hostname}:5672`; // an IPv6 hostname keeps its []
  }
  return { amqpUrl, user: p.user, password: p.password, caPem: p.caPem ?? null };
}

/** The client's URL: credentials and vhost filled in, the name as ?name= (how the client takes it). */
export function clientUrl(t: AmqpTarget): URL {
  let u: URL;
  try { u = new URL(t.amqpUrl); } catch { throw new RemoteError('protocol', `not an AMQP URL: '${t.amqpUrl}'`); }
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') throw new RemoteError('protocol', `the AMQP URL must be amqp:// or amqps://, got '${t.amqpUrl}'`);
  u.username = encodeURIComponent(t.user);
  u.password = encodeURIComponent(t.password);
  u.pathname = `/${encodeURIComponent(t.vhost)}`;
  u.search = '';
  u.searchParams.set('name', t.name);
  return u;
}

export async function connectAmqp(t: AmqpTarget): Promise<AmqpConnection> {
  const url = clientUrl(t);
  const where = url.host;
  const tls = url.protocol === 'amqps:' && t.caPem ? { ca: [...rootCertificates, t.caPem] } : undefined;
  const client = new AMQPClient(url.toString(), tls);
  const timeoutMs = t.timeoutMs ?? DEFAULT_TIMEOUT;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      client.socket?.destroy();
      reject(new RemoteError('timeout', `AMQP at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
  });
  try {
    const conn = await Promise.race([client.connect(), timeout]);
    // one message at a time waits on every round trip: Nagle's delay would add ~40 ms to each
    client.socket?.setNoDelay(true);
    return conn;
  } catch (err) {
    throw amqpError(err, where, t);
  } finally {
    clearTimeout(timer);
  }
}

/** A connect failure, said plainly. */
export function amqpError(err: unknown, where: string, t: Pick<AmqpTarget, 'user' | 'vhost'>): RemoteError {
  if (err instanceof RemoteError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (/ACCESS_REFUSED/.test(text) && /login|PLAIN|AMQPLAIN|auth/i.test(text)) {
    return new RemoteError('auth', `the broker at ${where} refused user '${t.user}' over AMQP: wrong user name or password`);
  }
  if (/NOT_ALLOWED - vhost .* not found/.test(text)) return new RemoteError('not-found', `the broker at ${where} has no vhost '${t.vhost}'`);
  if (/NOT_ALLOWED|ACCESS_REFUSED/.test(text)) {
    return new RemoteError('forbidden', `the broker at ${where} does not let user '${t.user}' use vhost '${t.vhost}' over AMQP (${oneLine(text)})`);
  }
  if (/ECONNREFUSED/.test(text)) return new RemoteError('unreachable', `cannot reach AMQP at ${where}: connection refused (is that the broker's AMQP port? the profile's AMQP URL sets it)`);
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return new RemoteError('unreachable', `cannot reach AMQP at ${where}: no such host`);
  if (/EHOSTUNREACH|ENETUNREACH|ETIMEDOUT/.test(text)) return new RemoteError('unreachable', `cannot reach AMQP at ${where}: no route to the host`);
  if (/certificate|self.signed|SSL|TLS|wrong version number/i.test(text)) {
    return new RemoteError('tls', `TLS: AMQP at ${where} failed: ${oneLine(text)} (is it amqps:// there, and its CA trusted by the profile?)`);
  }
  return new RemoteError('unreachable', `AMQP at ${where} failed: ${oneLine(text)}`);
}

const oneLine = (s: string): string => s.split('\n')[0].replace(/^connection closed: /, '');
