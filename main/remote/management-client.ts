// A client of RabbitMQ's management HTTP API, and so of Warren's own (which speaks the same API):
// the one code path through which the window, `warren route --management` and `warren connect`
// see a broker they do not run. Every failure becomes a RemoteError whose message a person can act
// on (a wrong password, an unreachable host and an untrusted certificate each say so plainly).
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface ManagementTarget {
  /** http(s)://host:port[/prefix] of the API, without credentials and without /api */
  url: string;
  user: string;
  password: string;
  /** a CA (PEM) to trust besides the system's, for a broker with its own certificate authority */
  caPem?: string | null;
  /** per request; default 15 s */
  timeoutMs?: number;
}

export type RemoteErrorKind =
  /** 401: the user or password is wrong, or the user may not use the management API */
  | 'auth'
  /** 403: logged in, but not allowed this */
  | 'forbidden'
  /** the host does not answer: refused, unknown name, no route */
  | 'unreachable'
  /** the TLS handshake failed: untrusted or expired certificate, wrong host name, not TLS */
  | 'tls'
  | 'timeout'
  | 'not-found'
  /** the broker refused the request (400, 405, 409, 5xx) */
  | 'http'
  /** it answered, but not as a management API does (not JSON) */
  | 'protocol';

export class RemoteError extends Error {
  constructor(readonly kind: RemoteErrorKind, message: string, readonly status?: number) {
    super(message);
  }
}

/** Replies larger than this are refused rather than held (a cluster's /api/queues is large, not this). */
const MAX_REPLY = 256 << 20;
const DEFAULT_TIMEOUT = 15_000;

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate was issued by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate was issued by a CA that is not trusted',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

/** '/api/queues/%2F/q' from ('queues', '/', 'q'): every segment encoded, '/' included. */
export function apiPath(...segments: string[]): string {
  return `/api/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

export class ManagementClient {
  readonly base: URL;
  private readonly authorization: string;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly timeoutMs: number;

  constructor(readonly target: ManagementTarget) {
    let base: URL;
    try { base = new URL(target.url); } catch { throw new RemoteError('protocol', `not a URL: '${target.url}'`); }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new RemoteError('protocol', `the management URL must be http:// or https://, got '${target.url}'`);
    base.username = '';
    base.password = '';
    base.pathname = base.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
    this.base = base;
    this.authorization = `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`;
    this.timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT;
    this.agent = base.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, maxSockets: 4, ...(target.caPem ? { ca: [...rootCertificates, target.caPem] } : {}) })
      : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  /** "host:port" as messages name it */
  get where(): string { return this.base.host; }
  get user(): string { return this.target.user; }

  get<T>(path: string): Promise<T> { return this.request<T>('GET', path); }
  put<T = unknown>(path: string, body: unknown): Promise<T> { return this.request<T>('PUT', path, body); }
  post<T = unknown>(path: string, body: unknown): Promise<T> { return this.request<T>('POST', path, body); }
  delete<T = unknown>(path: string): Promise<T> { return this.request<T>('DELETE', path); }

  /** one request; JSON in and out; resolves to null for an empty reply (201, 204) */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // the base's path prefix (a proxy's /rabbitmq, or none) and the API path, never '//api' (which URL reads as a host)
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + path, this.base.origin);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<T>((resolve, reject) => {
      const req = send(url, {
        method, agent: this.agent, timeout: this.timeoutMs,
        headers: {
          // RabbitMQ answers a purge (DELETE .../contents) asked to accept only JSON with 406
          Authorization: this.authorization, Accept: method === 'DELETE' ? '*/*' : 'application/json',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
        },
      }, (res) => { this.readReply(method, path, res).then((v) => resolve(v as T), reject); });
      req.on('timeout', () => req.destroy(new RemoteError('timeout', `the management API at ${this.where} did not answer within ${Math.round(this.timeoutMs / 1000)} s`)));
      req.on('error', (err) => reject(this.networkError(err)));
      req.end(payload);
    });
  }

  /** stop keeping sockets open */
  close(): void { this.agent.destroy(); }

  private async readReply(method: string, path: string, res: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_REPLY) { res.destroy(); throw new RemoteError('protocol', `${method} ${path} at ${this.where}: the reply is larger than ${MAX_REPLY >> 20} MB`); }
      chunks.push(c);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const status = res.statusCode ?? 0;
    let json: unknown = null;
    if (text.length > 0) {
      try { json = JSON.parse(text); } catch {
        if (status >= 200 && status < 300) throw new RemoteError('protocol', `${this.where} answered ${method} ${path} with something other than JSON: is this a RabbitMQ management API?`, status);
      }
    }
    if (status >= 200 && status < 300) return json;
    const reason = reasonOf(json) ?? (text.slice(0, 200) || `HTTP ${status}`);
    if (status === 401) {
      throw new RemoteError('auth', /not management user/i.test(reason)
        ? `the broker at ${this.where} refused user '${this.user}': it has no management tag (RabbitMQ: "${reason}")`
        : `the broker at ${this.where} refused user '${this.user}': wrong user name or password`, status);
    }
    if (status === 403) throw new RemoteError('forbidden', `the broker at ${this.where} does not allow user '${this.user}' this: ${reason}`, status);
    if (status === 404) throw new RemoteError('not-found', `${method} ${decodeURIComponent(path)}: ${reason === 'Not Found' ? 'not found' : reason}`, status);
    throw new RemoteError('http', `${method} ${decodeURIComponent(path)} at ${this.where} failed (${status}): ${reason}`, status);
  }

  private networkError(err: Error & { code?: string }): RemoteError {
    if (err instanceof RemoteError) return err;
    const code = err.code ?? '';
    const tls = TLS_CODES[code];
    if (tls) return new RemoteError('tls', `TLS: the broker at ${this.where} cannot be trusted: ${tls} (${code}). Add its CA certificate to the profile if you trust it.`);
    if (code === 'EPROTO' || /wrong version number|ssl|tls/i.test(err.message)) {
      const why = /wrong version number|packet length too long|unknown protocol/i.test(err.message) ? 'the server there does not speak TLS' : err.message.split('\n')[0].replace(/^.*routines:/, '').slice(0, 120);
      return new RemoteError('tls', `TLS: the handshake with ${this.where} failed: ${why}. Is the URL's scheme (http or https) the one the broker serves there?`);
    }
    if (code === 'ECONNREFUSED') return new RemoteError('unreachable', `cannot reach the management API at ${this.where}: connection refused (is the broker and its management plugin running there?)`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RemoteError('unreachable', `cannot reach the management API at ${this.where}: no host named '${this.base.hostname}'`);
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return new RemoteError('unreachable', `cannot reach the management API at ${this.where}: ${code === 'ETIMEDOUT' ? 'the connection timed out' : 'no route to the host'}`);
    if (code === 'ECONNRESET' || code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) return new RemoteError('protocol', `the connection to ${this.where} broke (${code}): is this the management API's port?`);
    return new RemoteError('unreachable', `cannot reach the management API at ${this.where}: ${err.message}`);
  }
}

function reasonOf(json: unknown): string | null {
  if (json && typeof json === 'object') {
    const o = json as { reason?: unknown; error?: unknown };
    if (typeof o.reason === 'string') return o.reason;
    // RabbitMQ gives some reasons as Erlang terms: ["no_such_vhost","v"]
    if (o.reason !== undefined && o.reason !== null) return `${typeof o.error === 'string' ? `${o.error}: ` : ''}${JSON.stringify(o.reason)}`;
    if (typeof o.error === 'string') return o.error;
  }
  return null;
}

/** A management URL with credentials in it (http://user:pass@host:15672) -> the target; guest/guest
 *  when it names none, as RabbitMQ's own tools assume. */
export function targetFromUrl(text: string, extra: Partial<ManagementTarget> = {}): ManagementTarget {
  let u: URL;
  try { u = new URL(text); } catch { throw new RemoteError('protocol', `not a URL: '${text}'`); }
  const user = u.username ? decodeURIComponent(u.username) : 'guest';
  const password = u.username ? decodeURIComponent(u.password) : 'guest';
  u.username = '';
  u.password = '';
  return { url: u.toString().replace(/\/$/, ''), user, password, ...extra };
}
