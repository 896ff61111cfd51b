// Drives the management HTTP API as tools do: real HTTP requests with basic auth to a Warren
// started in-process (UI port 0), or, with WARREN_TEST_MGMT_URL=http://guest:guest@host:port, to
// another broker such as the reference RabbitMQ. The AMQP port is read from /api/overview.
import type { ChannelModel } from 'amqplib';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../server/log';
import type { RunningWarren } from '../server/warren';
import { afterAll, beforeAll } from 'vitest';
import { closeAll, connect } from './amqp-util';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** the parsed body (undefined when empty) */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  body?: unknown;
  /** a raw body, sent as is */
  raw?: string | Buffer;
  /** [user, password]; null sends no Authorization */
  auth?: [string, string] | null;
  headers?: Record<string, string>;
  /** an https:// base's CA (PEM) */
  ca?: string;
}

export interface ManagementTarget {
  /** http://host:port */
  base: string;
  external: boolean;
  admin: [string, string];
  /** mqtt://host:port of the broker's MQTT listener */
  mqttUrl: string;
  /** amqp://user:pass@host:port/ for the default vhost */
  amqpUrl(vhost?: string, user?: [string, string]): string;
  call(method: string, path: string, opts?: RequestOptions): Promise<HttpResult>;
  warren?: RunningWarren;
  stop(): Promise<void>;
}

/** `externalUrl` (http://user:pass@host:port): a broker already running, such as startRabbit()'s. */
export async function startManagement(externalUrl = process.env.WARREN_TEST_MGMT_URL): Promise<ManagementTarget> {
  let base: string;
  let admin: [string, string] = ['guest', 'guest'];
  let warren: RunningWarren | undefined;
  let dir: string | undefined;
  if (externalUrl) {
    const u = new URL(externalUrl);
    base = `${u.protocol}//${u.host}`;
    if (u.username) admin = [decodeURIComponent(u.username), decodeURIComponent(u.password)];
  } else {
    const { amqpListener, mqttListener, startWarren } = await import('../server/warren');
    dir = mkdtempSync(join(tmpdir(), 'warren-mgmt-'));
    warren = await startWarren({
      hosts: ['127.0.0.1'], port: 0, listeners: [amqpListener(0), mqttListener(0)], log: createLogger('error'), dataDir: null,
      ui: { host: '127.0.0.1', port: 0, staticDir: dir, settingsDir: dir },
    });
    base = `http://127.0.0.1:${warren.ui!.port}`;
  }
  const call = (method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> => httpCall(base, method, path, { auth: admin, ...opts });
  const overview = await call('GET', '/api/overview');
  const listeners = overview.json.listeners as Array<{ protocol: string; port: number }>;
  const amqpPort = listeners.find((l) => l.protocol === 'amqp')!.port;
  const mqttPort = listeners.find((l) => l.protocol === 'mqtt')?.port ?? 0;
  const host = new URL(base).hostname;
  return {
    base, external: !!externalUrl, admin, call, warren, mqttUrl: `mqtt://${host}:${mqttPort}`,
    amqpUrl: (vhost = '/', user = admin) => `amqp://${encodeURIComponent(user[0])}:${encodeURIComponent(user[1])}@${host}:${amqpPort}/${encodeURIComponent(vhost)}`,
    async stop() {
      await warren?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function httpCall(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const u = new URL(base);
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) };
  if (opts.auth) headers.authorization = `Basic ${Buffer.from(`${opts.auth[0]}:${opts.auth[1]}`).toString('base64')}`;
  Object.assign(headers, opts.headers);
  return new Promise((resolve, reject) => {
    const send = u.protocol === 'https:' ? httpsRequest : request;
    const req = send({ host: u.hostname, port: u.port, path, method, headers, ...(opts.ca ? { ca: opts.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = text === '' ? undefined : JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A percent-encoded path segment, "/" included (vhost "/" is %2F). */
export const seg = (s: string): string => encodeURIComponent(s);

/** RabbitMQ's name for an amqplib connection: "client ip:port -> server ip:port". */
export function connectionName(c: ChannelModel): string {
  const s = (c as unknown as { connection: { stream: { localAddress: string; localPort: number; remoteAddress: string; remotePort: number } } }).connection.stream;
  return `${s.localAddress}:${s.localPort} -> ${s.remoteAddress}:${s.remotePort}`;
}

/** connection.open's refusal as RabbitMQ words it, "TEXT (code)" (amqplib hides the text during
 *  the handshake; @cloudamqp/amqp-client shows it); 'connected' if it was not refused. */
export async function openRefusal(url: string): Promise<string> {
  const { AMQPClient } = await import('@cloudamqp/amqp-client');
  const c = new AMQPClient(url);
  return c.connect().then(async () => { await c.close(); return 'connected'; }, (e: Error) => e.message);
}

/** For a whole test file: startManagement()'s broker and one amqplib connection to its '/'. */
export function useManagementClient(): { readonly target: ManagementTarget; readonly conn: ChannelModel } {
  const shared = {} as { target: ManagementTarget; conn: ChannelModel };
  beforeAll(async () => {
    shared.target = await startManagement();
    shared.conn = await connect(shared.target.amqpUrl());
  });
  afterAll(async () => {
    await closeAll();
    await shared.target?.stop();
  });
  return shared;
}
