import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Broker } from '../broker/broker';
import { createBridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';
import { startUiServer, type RunningUiServer } from './ui-server';
import { useTempDirs } from '../test-support/tmp-dir';
import { until } from '../test-support/wait';

const tempDir = useTempDirs('ui', { keep: 'file' });
let server: RunningUiServer;
beforeAll(async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Warren</title>');
  server = await startUiServer(createBridge(new Broker(), new MemoryLayoutStore()), { host: '127.0.0.1', port: 0, staticDir: dir });
});
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
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`);
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
    const evil = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { origin: 'https://evil.example' });
    const err = await new Promise<Error>((r) => evil.once('error', r));
    expect(String(err)).toMatch(/403/);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`);
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1007);
  });
});

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('POST /api/route (for `warren route`)', () => {
  it('answers the routing question as the contract Result, and validates everything', async () => {
    const ok = await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'amq.direct', routingKey: 'k' }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { exchange: 'amq.direct', queues: [], outcome: 'dropped' } });
    expect((await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'nope', routingKey: 'k' }))).status).toBe(404);
    expect((await post('/api/route', JSON.stringify({ vhost: '/', exchange: 'x', routingKey: 5 }))).status).toBe(400);
    expect((await post('/api/route', '{oops')).status).toBe(400);
    expect((await post('/api/route', '{}', { 'content-type': 'text/plain' })).status).toBe(415); // no CORS-simple posts
    expect((await post('/api/route', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/route', '{}', { host: 'evil.example' })).status).toBe(421);
    expect((await post('/api/route', 'x'.repeat(70_000))).status).toBe(413);
    expect((await get('/api/route')).status).toBe(405);
  });
});
