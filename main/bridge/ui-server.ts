// The headless UI: an HTTP server for the built renderer (dist/renderer) with a strict
// Content-Security-Policy, and the contract over a WebSocket at /api/ws. Loopback by default;
// the Host and Origin headers are checked so that other web pages cannot drive the broker
// (DNS rebinding, cross-site WebSocket hijacking). Protocols over WebSocket (AMQP at /amqp) are
// served on the same port, routed by path.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientFrame, EventName, Events, ServerFrame } from '../../shared/ipc/contract';
import type { Principal } from './command-access';
import type { Dispatch } from './handlers';
import { LOGIN_PATHS, principalOf, principalOrBasic, serveLogin, type UiAccess } from './ui-login';
import type { EventSink } from './sampler';
import { UiSessions } from './ui-sessions';
import type { WindowSession } from './window-session';
import { refuseUpgrade, WebSocketEndpoints, type WebSocketEndpoint } from '../transport/websocket-endpoints';
import { dropFailedHandshakes, tlsServerOptions, type TlsConfig } from '../transport/tls';

export interface UiServerOptions {
  host: string;
  port: number;
  staticDir: string;
  /** serve HTTPS (and WSS) instead of HTTP, with this certificate and key (no client certificates) */
  tls?: TlsConfig | null;
  log?: { info(msg: string): void; warn(msg: string): void };
  /** the management HTTP API, served under /api/ (but /api/ws and /api/route); built by the
   *  server layer, given the check that a Host (or an Origin's host) names this server */
  managementApi?: (isOwnHost: (host: string | undefined) => boolean) => (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** who may use the UI: logins, sessions and basic auth for the CLI */
  access: UiAccess;
  /** byte-stream protocols offered over WebSocket on this port (AMQP 0-9-1 at /amqp) */
  webSockets?: readonly WebSocketEndpoint[];
  /** the embedded broker's commands, for POST /api/route (absent: no embedded broker) */
  route?: Dispatch;
  /** a window session for a logged-in user's WebSocket; `scope` is their login session's token */
  openWindow(who: Principal, scope: string): WindowSession;
}

export interface RunningUiServer {
  port: number;
  host: string;
  url: string;
  close(): Promise<void>;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "worker-src 'self' blob:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** a WebSocket client's send buffer above this: flow batches for it are dropped, not queued */
const MAX_BUFFERED = 1 << 20;
/** One command's size: a definitions import from the window arrives as one message, as large as
 *  the management API takes (only logged-in users get this far). */
const MAX_FRAME = 32 << 20;

export async function startUiServer(opts: UiServerOptions): Promise<RunningUiServer> {
  const root = normalize(opts.staticDir + sep);
  let port = opts.port;
  const allowedHost = (h: string | undefined): boolean => {
    if (!h) return false;
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d+))?$/.exec(h);
    if (!m) return false;
    const name = m[1].toLowerCase();
    return (m[2] === undefined || Number(m[2]) === port)
      && (name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || name === opts.host.toLowerCase() || name === `[${opts.host.toLowerCase()}]`);
  };

  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  function reply(res: ServerResponse, code: number, text: string): void {
    res.writeHead(code, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host)) return reply(res, 421, 'unknown host');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'method not allowed');
    }
    const raw = req.url ?? '/';
    if (raw.length > 2048 || !raw.startsWith('/')) return reply(res, 400, 'bad request');
    // refuse dot segments outright, before URL parsing quietly resolves them
    let rawPath: string;
    try { rawPath = decodeURIComponent(raw.split(/[?#]/)[0]); } catch { return reply(res, 400, 'bad request'); }
    if (/(^|[/\\])\.\.($|[/\\])/.test(rawPath)) return reply(res, 400, 'bad request');
    let path: string;
    try {
      path = decodeURIComponent(new URL(raw, 'http://x').pathname);
    } catch {
      return reply(res, 400, 'bad request');
    }
    if (path.includes('\0') || path.split('/').some((seg) => seg === '..')) return reply(res, 400, 'bad request');
    if (path === '/' || path === '') path = '/index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return reply(res, 400, 'bad request');
    const type = MIME[extname(file)];
    if (!type) return reply(res, 404, 'not found');
    try {
      const st = await stat(file);
      if (!st.isFile()) return reply(res, 404, 'not found');
      res.writeHead(200, {
        ...headers, 'Content-Type': type, 'Content-Length': st.size,
        'Cache-Control': path === '/index.html' ? 'no-cache' : 'public, max-age=300',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      if (path === '/index.html') return reply(res, 503, 'the UI is not built: run `npm run build`');
      reply(res, 404, 'not found');
    }
  }

  /** POST /api/route: the routing-key debugger for the CLI (`warren route`). JSON in (the
   *  explainRoute request of the contract), the command's Result out: 200 with { ok: true, value },
   *  else 400 (bad request), 404 (no such vhost or exchange) or 500 with { ok: false, error }.
   *  JSON only, so a cross-site form cannot post here without a CORS preflight, which we never grant. */
  const jsonTo = (res: ServerResponse) => (code: number, body: unknown, extra: Record<string, string> = {}): void => {
    res.writeHead(code, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    res.end(JSON.stringify(body));
  };

  /** /api/ui/*: the browser UI's login (ui-login.ts). Same-origin only. */
  async function serveUiLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = jsonTo(res);
    if (!allowedHost(req.headers.host)) return reply(res, 421, 'unknown host');
    if (!sameOrigin(req.headers.origin)) return json(403, { error: 'access_refused', reason: 'cross-origin requests are refused' });
    await serveLogin(opts.access, (req.url ?? '').split('?')[0], req, res, json);
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = jsonTo(res);
    if (!allowedHost(req.headers.host)) return reply(res, 421, 'unknown host');
    if (req.headers.origin !== undefined) return json(403, { ok: false, error: { code: 'ACCESS_REFUSED', message: 'cross-origin requests are refused' } });
    if (req.method !== 'POST') { res.setHeader('Allow', 'POST'); return json(405, { ok: false, error: { code: 'BAD_REQUEST', message: 'use POST' } }); }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return json(415, { ok: false, error: { code: 'BAD_REQUEST', message: 'send JSON (Content-Type: application/json)' } });
    const who = await principalOrBasic(opts.access, req);
    if (!who) return json(401, { ok: false, error: { code: 'ACCESS_REFUSED', message: 'log in: HTTP basic auth with a management user (warren route --url http://user:pass@host:port)' } }, { 'WWW-Authenticate': 'Basic realm="Warren"' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > 64 * 1024) return json(413, { ok: false, error: { code: 'BAD_REQUEST', message: 'request too large' } });
      chunks.push(c);
    }
    let body: unknown;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return json(400, { ok: false, error: { code: 'BAD_REQUEST', message: 'invalid JSON' } }); }
    if (!opts.route) return json(404, { ok: false, error: { code: 'NOT_FOUND', message: 'Warren runs no broker of its own here: use warren route --management' } });
    const result = await opts.route('explainRoute', body, who);
    const status = result.ok ? 200 : result.error.code === 'BAD_REQUEST' ? 400 : result.error.code === 'NOT_FOUND' ? 404 : result.error.code === 'ACCESS_REFUSED' ? 403 : result.error.code === 'INTERNAL_ERROR' ? 500 : 400;
    json(status, result);
  }

  const managementApi = opts.managementApi?.(allowedHost);
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0];
    const handle = path === '/api/route' ? serveApi : LOGIN_PATHS.has(path) ? serveUiLogin : managementApi && path.startsWith('/api/') && path !== '/api/ws' ? managementApi : serveStatic;
    handle(req, res).catch(() => { if (!res.headersSent) reply(res, 500, 'internal error'); else res.destroy(); });
  };
  const server: Server = opts.tls ? dropFailedHandshakes(createHttpsServer(tlsServerOptions({ cert: opts.tls.cert, key: opts.tls.key }), onRequest)) : createServer(onRequest);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    perMessageDeflate: false,
  });

  const protocols = new WebSocketEndpoints(opts.webSockets ?? []);

  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '';
    if (protocols.handles(req)) {
      // Any Origin may open a protocol's WebSocket: a page of another site being an AMQP client is
      // the point, and the protocol authenticates in-band (no cookie or other ambient authority
      // rides along), as RabbitMQ's Web-MQTT/Web-STOMP and LavinMQ accept any origin. The one
      // ambient authority left, "this browser is on this machine", is withheld from other sites'
      // pages: they are not loopback, so they cannot log in as guest. The Host is checked as for
      // the UI (DNS rebinding).
      if (!allowedHost(req.headers.host)) return refuseUpgrade(socket, 421, 'Misdirected Request', 'unknown host');
      return protocols.upgrade(req, socket, head, !sameOrigin(req.headers.origin));
    }
    if (url !== '/api/ws' || !allowedHost(req.headers.host) || !sameOrigin(req.headers.origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    // the contract is for logged-in users only (the session cookie from /api/ui/login)
    const who = principalOf(opts.access, req);
    if (!who) return refuseUpgrade(socket, 401, 'Unauthorized');
    const scope = UiSessions.tokenOf(req.headers.cookie) ?? '';
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.openWindow(who, scope), who));
  });

  /** An Origin header, when sent, must name this server (no cross-site WebSocket or login). */
  function sameOrigin(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    try { const o = new URL(origin); return (o.protocol === 'http:' || o.protocol === 'https:') && allowedHost(o.host); } catch { return false; }
  }

  /** open window sessions: closing the server closes them (a remote firehose is turned off) */
  const sessions = new Set<WindowSession>();

  function attach(ws: WebSocket, session: WindowSession, who: Principal): void {
    sessions.add(session);
    let unwatch: (() => void) | null = null;
    const send = (frame: ServerFrame): void => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame)); };
    const sink: EventSink = {
      send<E extends EventName>(name: E, payload: Events[E]) {
        // A slow client loses flow batches (drop, don't queue); topology and stats always go.
        if (name === 'flow' && ws.bufferedAmount > MAX_BUFFERED) return;
        send({ type: 'event', name, payload });
      },
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString()) as ClientFrame;
      } catch {
        return ws.close(1007, 'invalid JSON');
      }
      if (!frame || typeof frame !== 'object') return ws.close(1007, 'invalid frame');
      if (frame.type === 'command') {
        if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id)) return ws.close(1007, 'command without id');
        const id = frame.id;
        void session.dispatch(frame.name, frame.req).then((result) => send({ type: 'result', id, result }));
      } else if (frame.type === 'subscribe') {
        if (typeof frame.vhost !== 'string' || frame.vhost.length > 255) return ws.close(1007, 'bad vhost');
        unwatch?.();
        unwatch = null;
        // a vhost the user may not see sends nothing (a remote broker decides that itself)
        if (session.current?.kind !== 'local' || opts.access.maySeeVhost(who, frame.vhost)) unwatch = session.watch(frame.vhost, sink);
      } else if (frame.type === 'unsubscribe') {
        unwatch?.();
        unwatch = null;
      } else {
        ws.close(1007, 'unknown frame type');
      }
    });
    const end = (): void => { unwatch?.(); unwatch = null; sessions.delete(session); void session.close(); };
    ws.on('close', end);
    ws.on('error', end);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  const hostInUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port,
    host: opts.host,
    url: `${opts.tls ? 'https' : 'http'}://${hostInUrl}:${port}/`,
    close: async () => {
      await Promise.allSettled([...sessions].map((s) => s.close()));
      sessions.clear();
      await new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        protocols.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
