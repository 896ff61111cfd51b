import { fileURLToPath } from 'node:url';
import { findPidByPort } from '../perf/proc-stats';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { inspectorUrl } from './inspector-heap';
// Where the fuzzer points: the broker's listeners and an administrator's login for its management
// API, either given as URLs or found by starting a `warren serve` of our own; and the broker-side
// set-up every run shares (also the soak's, main/fuzz/soak.ts): a vhost and a user of its own ("fuzz", management tag only), so the
// fuzzer cannot touch the sentinel's vhost, delete users, or leave anything behind.

export interface Endpoint { host: string; port: number }

export interface Targets {
  amqp: Endpoint;
  mqtt: Endpoint | null;
  /** ws://host:port/ws */
  webMqtt: string | null;
  /** the UI and management API (http://host:port), where /amqp and /api/ws live too */
  ui: Endpoint;
  admin: { user: string; pass: string };
  /** the broker's process, for its RSS (null when it cannot be found) */
  pid: number | null;
  /** its V8 inspector (a broker the fuzzer started), for the heap in use after GC */
  inspector?: string | null;
}

export const FUZZ_LOGIN = { user: 'fuzz', pass: 'fuzz', vhost: 'fuzz' };

export function endpoint(url: string, defaultPort: number): Endpoint {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}

/** The management API as the administrator: JSON in, status and text out. */
export async function admin(t: Targets, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://${t.ui.host}:${t.ui.port}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${t.admin.user}:${t.admin.pass}`).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function must(t: Targets, method: string, path: string, body?: unknown): Promise<void> {
  const r = await admin(t, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
}

/** The fuzz vhost and user (recreated empty). */
export async function setUp(t: Targets): Promise<void> {
  await admin(t, 'DELETE', `/api/vhosts/${FUZZ_LOGIN.vhost}`);
  await must(t, 'PUT', `/api/vhosts/${FUZZ_LOGIN.vhost}`, {});
  await must(t, 'PUT', `/api/users/${FUZZ_LOGIN.user}`, { password: FUZZ_LOGIN.pass, tags: 'management' });
  await must(t, 'PUT', `/api/permissions/${FUZZ_LOGIN.vhost}/${FUZZ_LOGIN.user}`, { configure: '.*', write: '.*', read: '.*' });
}

/** Deletes the fuzz vhost (its queues, exchanges, messages, connections) and user, and the
 *  queues anonymous MQTT sessions left in the default vhost. */
export async function cleanUp(t: Targets): Promise<void> {
  await admin(t, 'DELETE', `/api/vhosts/${FUZZ_LOGIN.vhost}`);
  await admin(t, 'DELETE', `/api/users/${FUZZ_LOGIN.user}`);
  const r = await admin(t, 'GET', '/api/queues/%2F?columns=name');
  if (r.status !== 200) return;
  for (const q of JSON.parse(r.text) as { name: string }[]) {
    if (q.name.startsWith('mqtt-subscription-fuzz') || q.name.startsWith('fuzz.')) await admin(t, 'DELETE', `/api/queues/%2F/${encodeURIComponent(q.name)}`);
  }
}

/** A UI session cookie for the fuzz user (POST /api/ui/login). */
export async function uiCookie(t: Targets): Promise<string> {
  const res = await fetch(`http://${t.ui.host}:${t.ui.port}/api/ui/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: FUZZ_LOGIN.user, password: FUZZ_LOGIN.pass }),
  });
  const c = res.headers.get('set-cookie');
  if (res.status !== 200 || !c) throw new Error(`UI login as ${FUZZ_LOGIN.user}: ${res.status} ${await res.text()}`);
  return c.split(';')[0];
}

export interface TargetUrls { uiUrl?: string; mqttUrl?: string; webMqttUrl?: string; pid?: number }

/** The listeners of a broker someone else runs: amqp://admin:pass@host:port and the others' URLs. */
export function targetsFromUrls(url: string, u: TargetUrls): Targets {
  const login = new URL(url);
  if (!u.uiUrl) throw new Error('--url needs --ui-url too (the management API sets up the fuzz vhost and user)');
  const amqp = endpoint(url, 5672);
  return {
    amqp, mqtt: u.mqttUrl ? endpoint(u.mqttUrl, 1883) : null, webMqtt: u.webMqttUrl ?? null, ui: endpoint(u.uiUrl, 15672),
    admin: { user: decodeURIComponent(login.username || 'guest'), pass: decodeURIComponent(login.password || 'guest') },
    pid: u.pid ?? findPidByPort(amqp.port),
  };
}

/** A `warren serve --in-memory` of our own on free ports; `cli` is the build to run (dist/fuzz.js
 *  and dist/soak.js run beside dist/cli.js). */
export async function ownBroker(cli = fileURLToPath(new URL('./cli.js', import.meta.url))): Promise<{ targets: Targets; warren: WarrenProcess }> {
  const warren = await spawnWarren(['--in-memory', '--port', '0', '--ui-port', '0', '--log-level', 'warn'], { ui: true, cli, env: { NODE_OPTIONS: '--inspect=127.0.0.1:0' } });
  const ui = new URL(warren.uiUrl!);
  return {
    warren,
    targets: {
      amqp: { host: '127.0.0.1', port: warren.amqpPort }, mqtt: warren.mqttPort ? { host: '127.0.0.1', port: warren.mqttPort } : null,
      webMqtt: warren.webMqttPort ? `ws://127.0.0.1:${warren.webMqttPort}/ws` : null, ui: { host: ui.hostname, port: Number(ui.port) },
      admin: { user: 'guest', pass: 'guest' }, pid: warren.process.pid ?? null, inspector: inspectorUrl(warren.output()),
    },
  };
}
