// One fuzz session against the management HTTP API: `frames` requests on one keep-alive
// connection (a request is a frame here), each of which must be answered within the timeout and
// never with a 5xx (but a failed health check's 503); now and then a raw TCP connection sends a request line that is no HTTP at all.
import http from 'node:http';
import { request } from './http-gen';
import { mutate } from './mutate';
import { tcpPipe } from './pipe';
import type { Rng } from './rng';
import type { Tally } from './findings';
import type { SessionOptions } from './amqp-session';

export interface HttpTarget { host: string; port: number; user: string; pass: string }

function send(agent: http.Agent, t: HttpTarget, req: ReturnType<typeof request>, timeoutMs: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    // a request from an address of its own goes on a connection of its own
    const via = req.from ? { agent: false as const, localAddress: req.from } : { agent };
    const r = http.request({ host: t.host, port: t.port, method: req.method, path: req.path, headers: req.headers, ...via }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { if (size < 2000) chunks.push(c); size += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    r.setTimeout(timeoutMs, () => { r.destroy(new Error('timeout')); });
    r.on('error', (e) => resolve({ error: e.message }));
    r.end(req.body ?? undefined);
  });
}

/** A request line and headers damaged at the byte level, on a socket of its own, which then says
 *  it has nothing more to send: a damaged request that only looks unfinished is answered (or
 *  dropped) at once instead of after the broker's header timeout. */
async function rawRequest(rng: Rng, t: HttpTarget, opts: SessionOptions, tally: Tally, session: number): Promise<void> {
  const pipe = await tcpPipe(t.host, t.port);
  let reply = '';
  pipe.onData = (b) => { reply += b.toString('latin1'); if (reply.includes('\r\n\r\n')) pipe.destroy(); }; // the status is all we need
  pipe.write(mutate(rng, Buffer.from(`GET /api/overview HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\nAuthorization: Basic ${Buffer.from(`${t.user}:${t.pass}`).toString('base64')}\r\n\r\n`)));
  pipe.end();
  const timer = setTimeout(() => pipe.destroy(), Math.min(opts.timeoutMs, 2000));
  await pipe.closed;
  clearTimeout(timer);
  const status = /^HTTP\/1\.1 (\d+)/.exec(reply)?.[1];
  if (status?.startsWith('5')) tally.find('server-error', `raw request answered ${status}`, session);
  tally.count(`http raw ${status ?? 'no reply'}`);
}

export async function httpSession(rng: Rng, t: HttpTarget, opts: SessionOptions, tally: Tally, session: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let sent = 0;
  try {
    while (sent < opts.frames) {
      sent++;
      if (rng.chance(0.02)) { await rawRequest(rng, t, opts, tally, session); continue; }
      const req = request(rng, t.user, t.pass);
      const res = await send(agent, t, req, opts.timeoutMs);
      const what = `${req.method} ${req.path.slice(0, 120)} (${req.body?.length ?? 0}-byte body: ${req.body?.subarray(0, 80).toString('latin1') ?? ''})`;
      if ('error' in res) {
        if (res.error === 'timeout') tally.find('hang', `no answer to ${what} within ${opts.timeoutMs} ms`, session);
        tally.count(`http ${res.error}`);
      } else {
        if (res.status >= 500 && !(res.status === 503 && req.path.startsWith('/api/health/'))) tally.find('server-error', `${res.status} for ${what}: ${res.body}`, session);
        tally.count(`http ${res.status}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return sent;
}
