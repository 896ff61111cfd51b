// The management API client against real HTTP and HTTPS servers: each way of failing gives one
// plain message of its kind; a CA given to the profile is trusted, and nothing else is.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../test-support/tls-cert';
import { useTempDirs } from '../test-support/tmp-dir';
import { apiPath, ManagementClient, RemoteError, targetFromUrl } from './management-client';

const tempDir = useTempDirs('mgmt-client', { keep: 'file' });
const servers: Server[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await new Promise((r) => { s.closeAllConnections(); s.close(r); }); });

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
async function listen(s: Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}
const http = (h: Handler): Promise<number> => listen(createServer(h));
const json = (res: ServerResponse, code: number, body: unknown): void => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RemoteError);
  return e as RemoteError;
}

describe('ManagementClient', () => {
  it('sends basic auth and JSON, and reads JSON', async () => {
    let seen: { auth?: string; url?: string; body?: string } = {};
    const port = await http((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; }).on('end', () => { seen = { auth: req.headers.authorization, url: req.url, body }; json(res, 200, { ok: 1 }); });
    });
    const c = new ManagementClient({ url: `http://127.0.0.1:${port}/`, user: 'ann', password: 'pw' });
    expect(await c.put(apiPath('queues', '/', 'a b'), { durable: true })).toEqual({ ok: 1 });
    expect(seen).toEqual({ auth: `Basic ${Buffer.from('ann:pw').toString('base64')}`, url: '/api/queues/%2F/a%20b', body: '{"durable":true}' });
    c.close();
  });

  it('keeps a path prefix (a broker behind a proxy) and ignores a trailing /api', async () => {
    let url = '';
    const port = await http((req, res) => { url = req.url ?? ''; json(res, 200, {}); });
    await new ManagementClient({ url: `http://127.0.0.1:${port}/rabbit/api`, user: 'u', password: 'p' }).get('/api/overview');
    expect(url).toBe('/rabbit/api/overview');
  });

  it('says a wrong password, a missing management tag, 403, 404 and other refusals plainly', async () => {
    const port = await http((req, res) => {
      if (req.url === '/api/a') return json(res, 401, { error: 'not_authorized', reason: 'Login failed' });
      if (req.url === '/api/b') return json(res, 401, { error: 'not_authorized', reason: 'Not management user' });
      if (req.url === '/api/c') return json(res, 403, { error: 'not_authorised', reason: 'Access refused.' });
      if (req.url === '/api/d') return json(res, 404, { error: 'Object Not Found', reason: 'Not Found' });
      json(res, 400, { error: 'bad_request', reason: 'inequivalent arg durable' });
    });
    const c = new ManagementClient({ url: `http://127.0.0.1:${port}`, user: 'ann', password: 'x' });
    const a = await failure(c.get('/api/a'));
    expect([a.kind, a.message]).toEqual(['auth', `the broker at 127.0.0.1:${port} refused user 'ann': wrong user name or password`]);
    expect((await failure(c.get('/api/b'))).message).toMatch(/has no management tag/);
    expect((await failure(c.get('/api/c'))).kind).toBe('forbidden');
    expect((await failure(c.get('/api/d'))).kind).toBe('not-found');
    const e = await failure(c.put('/api/e', {}));
    expect([e.kind, e.status]).toEqual(['http', 400]);
    expect(e.message).toMatch(/inequivalent arg durable/);
  });

  it('says when what answers is not a management API', async () => {
    const port = await http((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>hello</html>'); });
    expect((await failure(new ManagementClient({ url: `http://127.0.0.1:${port}`, user: 'u', password: 'p' }).get('/api/overview'))).kind).toBe('protocol');
  });

  it('says an unreachable port and an unknown host are unreachable', async () => {
    const port = await http(() => {});
    await new Promise((r) => { servers.pop()!.close(r); });
    const e = await failure(new ManagementClient({ url: `http://127.0.0.1:${port}`, user: 'u', password: 'p' }).get('/api/overview'));
    expect([e.kind, e.message]).toEqual(['unreachable', `cannot reach the management API at 127.0.0.1:${port}: connection refused (is the broker and its management plugin running there?)`]);
    const u = await failure(new ManagementClient({ url: 'http://no-such-host.invalid:15672', user: 'u', password: 'p' }).get('/api/overview'));
    expect(u.kind).toBe('unreachable');
    expect(u.message).toMatch(/no host named 'no-such-host.invalid'/);
  });

  it('gives up on a broker that does not answer, saying so', async () => {
    const port = await http(() => { /* never answers */ });
    const e = await failure(new ManagementClient({ url: `http://127.0.0.1:${port}`, user: 'u', password: 'p', timeoutMs: 200 }).get('/api/overview'));
    expect(e.kind).toBe('timeout');
  });

  it('refuses an untrusted certificate, trusts the CA given, and says when the server does not speak TLS', async () => {
    const certs = makeTestCertificates(tempDir());
    const tlsPort = await listen(createTlsServer({ cert: certs.certPem, key: certs.keyPem }, (_req, res) => json(res, 200, { product_name: 'RabbitMQ' })));
    const untrusted = await failure(new ManagementClient({ url: `https://127.0.0.1:${tlsPort}`, user: 'u', password: 'p' }).get('/api/overview'));
    expect(untrusted.kind).toBe('tls');
    expect(untrusted.message).toMatch(/^TLS: the broker at 127\.0\.0\.1:\d+ cannot be trusted: .*CA.*Add its CA certificate to the profile/);
    const trusted = new ManagementClient({ url: `https://127.0.0.1:${tlsPort}`, user: 'u', password: 'p', caPem: certs.caPem });
    expect(await trusted.get('/api/overview')).toEqual({ product_name: 'RabbitMQ' });
    trusted.close();
    const plainPort = await http((_req, res) => json(res, 200, {}));
    const plain = await failure(new ManagementClient({ url: `https://127.0.0.1:${plainPort}`, user: 'u', password: 'p' }).get('/api/overview'));
    expect([plain.kind, plain.message]).toEqual(['tls', `TLS: the handshake with 127.0.0.1:${plainPort} failed: the server there does not speak TLS. Is the URL's scheme (http or https) the one the broker serves there?`]);
  });

  it('takes the user from a URL, guest when it names none', () => {
    expect(targetFromUrl('http://a%40b:p%3Aw@h:15672/')).toEqual({ url: 'http://h:15672', user: 'a@b', password: 'p:w' });
    expect(targetFromUrl('https://h')).toEqual({ url: 'https://h', user: 'guest', password: 'guest' });
    expect(() => new ManagementClient({ url: 'ftp://h', user: 'u', password: 'p' })).toThrow(/http:\/\/ or https:\/\//);
  });
});
