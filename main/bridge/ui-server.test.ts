import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Broker } from '../broker/broker';
import { createBridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';
import { createUiAccess } from './ui-login';
import { windowSessions } from '../server/window-sessions';
import { ProfileStore, SessionVault } from '../remote/profile-store';
import { startUiServer, type RunningUiServer } from './ui-server';
import { useTempDirs } from '../test-support/tmp-dir';
import { until } from '../test-support/wait';

const tempDir = useTempDirs('ui', { keep: 'file' });
let server: RunningUiServer;
let broker: Broker;
/** guest's session cookie, from logging in as the browser UI does */
let cookie: string;
const GUEST = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
beforeAll(async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Warren</title>');
  broker = new Broker();
  const bridge = createBridge(broker, new MemoryLayoutStore());
  const openWindow = windowSessions({ bridge, version: '0.0.0', profiles: new ProfileStore(null), vault: new SessionVault() });
  server = await startUiServer({ host: '127.0.0.1', port: 0, staticDir: dir, access: createUiAccess(broker), route: bridge.dispatch, openWindow: (who, scope) => openWindow(who.user, scope, who) });
  cookie = await login('guest', 'guest');
});

/** POST /api/ui/login; the session cookie it sets. */
async function login(user: string, password: string): Promise<string> {
  const r = await post('/api/ui/login', JSON.stringify({ user, password }));
  expect(r.status, r.body).toBe(200);
  return String(r.headers['set-cookie']).split(';')[0];
}

function openWs(sessionCookie = cookie, origin?: string): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers: { cookie: sessionCookie }, ...(origin ? { origin } : {}) });
}
afterAll(async () => {
  await server.close();
});

function get(path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${server.port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the UI server', () => {
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Warren</title>');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('validates every HTTP input', async () => {
    expect((await get('/../../etc/passwd')).status).toBe(400);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(400);
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421); // DNS rebinding
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/x.exe')).status).toBe(404);
  });

  it('speaks the contract over /api/ws: results by id, events after subscribe', async () => {
    const ws = openWs();
    const frames: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'command', id: 7, name: 'declareQueue', req: { vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false } }));
    ws.send(JSON.stringify({ type: 'command', id: 8, name: 'declareQueue', req: { vhost: '/', name: 'q', durable: 'no' } }));
    ws.send(JSON.stringify({ type: 'subscribe', vhost: '/' }));
    await until(() => frames.length >= 3, { what: 'three frames' });
    expect(frames.find((f) => f.id === 7)).toMatchObject({ type: 'result', result: { ok: true, value: { name: 'q' } } });
    expect(frames.find((f) => f.id === 8)).toMatchObject({ type: 'result', result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(frames.find((f) => f.type === 'event')).toMatchObject({ name: 'topology' });
    ws.close();
  });

  it('refuses WebSocket upgrades from other origins and closes on garbage', async () => {
    const evil = openWs(cookie, 'https://evil.example');
    const err = await new Promise<Error>((r) => evil.once('error', r));
    expect(String(err)).toMatch(/403/);
    const ws = openWs();
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1007);
  });
});

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('logging in to the browser UI', () => {
  it('starts a session only for a management user with the right password, in an HttpOnly SameSite cookie', async () => {
    broker.users.put('plain', { password: 'pw', tags: [] });
    expect((await post('/api/ui/login', JSON.stringify({ user: 'guest', password: 'nope' }))).status).toBe(401);
    expect(JSON.parse((await post('/api/ui/login', JSON.stringify({ user: 'plain', password: 'pw' }))).body)).toEqual({ error: 'not_authorized', reason: 'Not management user' });
    expect((await post('/api/ui/login', JSON.stringify({ user: 'guest' }))).status).toBe(400);
    expect((await post('/api/ui/login', JSON.stringify({ user: 'guest', password: 'guest' }), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/ui/login', 'user=guest&password=guest', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const ok = await post('/api/ui/login', JSON.stringify({ user: 'guest', password: 'guest' }));
    expect(String(ok.headers['set-cookie'])).toMatch(/^warren_session=[\w-]{20,}; HttpOnly; SameSite=Strict; Path=\//);
  });

  it('refuses the WebSocket without a session, and a session after logout', async () => {
    const anonymous = openWs('');
    expect(String(await new Promise<Error>((r) => anonymous.once('error', r)))).toMatch(/401/);
    const mine = await login('guest', 'guest');
    expect((await post('/api/ui/logout', '{}', { cookie: mine })).status).toBe(200);
    const after = openWs(mine);
    expect(String(await new Promise<Error>((r) => after.once('error', r)))).toMatch(/401/);
  });

  it("runs each command as the logged-in user, with that user's permissions", async () => {
    broker.addVhost('team');
    broker.users.put('dev', { password: 'pw', tags: ['management'] });
    broker.permissions.set({ user: 'dev', vhost: 'team', configure: '^dev\\.', write: '.*', read: '.*' });
    const ws = openWs(await login('dev', 'pw'));
    const frames: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    const declare = (id: number, vhost: string, name: string): void => {
      ws.send(JSON.stringify({ type: 'command', id, name: 'declareQueue', req: { vhost, name, durable: false, exclusive: false, autoDelete: false } }));
    };
    declare(1, 'team', 'dev.jobs');
    declare(2, 'team', 'ops.jobs');
    declare(3, '/', 'dev.jobs');
    ws.send(JSON.stringify({ type: 'command', id: 4, name: 'setTraceSettings', req: { enabled: false } }));
    await until(() => frames.length >= 4, { what: 'four results' });
    const result = (id: number): unknown => frames.find((f) => f.id === id)?.result;
    expect(result(1)).toMatchObject({ ok: true, value: { name: 'dev.jobs' } });
    expect(result(2)).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: "access to queue 'ops.jobs' in vhost 'team' refused for user 'dev'" } });
    expect(result(3)).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: "user 'dev' has no access to vhost '/'" } });
    expect(result(4)).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    expect(broker.vhost('team')!.queues.has('ops.jobs')).toBe(false);
    ws.close();
  });
});

describe('POST /api/route (for `warren route`)', () => {
  it('needs a login: HTTP basic auth or a session', async () => {
    const q = JSON.stringify({ vhost: '/', exchange: 'amq.direct', routingKey: 'k' });
    const r = await post('/api/route', q);
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic realm="Warren"');
    expect((await post('/api/route', q, { authorization: `Basic ${Buffer.from('guest:nope').toString('base64')}` })).status).toBe(401);
    expect((await post('/api/route', q, { cookie })).status).toBe(200);
  });

  it('answers the routing question as the contract Result, and validates everything', async () => {
    const ok = await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'amq.direct', routingKey: 'k' }), { authorization: GUEST });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { exchange: 'amq.direct', queues: [], outcome: 'dropped' } });
    expect((await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'nope', routingKey: 'k' }), { authorization: GUEST })).status).toBe(404);
    expect((await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'x', routingKey: 5 }), { authorization: GUEST })).status).toBe(400);
    expect((await post('/api/route', '{oops', { authorization: GUEST })).status).toBe(400);
    expect((await post('/api/route', '{}', { 'content-type': 'text/plain' })).status).toBe(415); // no CORS-simple posts
    expect((await post('/api/route', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/route', '{}', { host: 'evil.example' })).status).toBe(421);
    expect((await post('/api/route', 'x'.repeat(70_000), { authorization: GUEST })).status).toBe(413);
    expect((await get('/api/route')).status).toBe(405);
  });
});
