// The brokers the window's remote tools are tested against, each as a management API plus AMQP:
// Warren (in-process, startManagement) and a real RabbitMQ. Until the suite starts its own
// RabbitMQ (main/test-support/rabbitmq-server.ts: then RabbitMQ's start becomes
// `async () => rabbitTarget(await startRabbit())`), WARREN_TEST_RABBIT_MGMT names one
// (http://user:pass@host:port); without it the RabbitMQ half of these tests is skipped.
import { onTestFinished } from 'vitest';
import { httpCall, startManagement, type ManagementTarget } from './management-support';
import { ManagementClient } from '../remote/management-client';

export interface RemoteBroker {
  name: 'Warren' | 'RabbitMQ';
  start(): Promise<ManagementTarget>;
}

/** A RabbitMQ as main/test-support/rabbitmq-server.ts's startRabbit() gives one (RabbitServer). */
export interface RunningRabbit {
  /** http://host:port, without credentials */
  mgmtUrl: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** what a beforeAll that starts a RabbitMQ allows itself (rabbitmq-server.ts's BOOT_TIMEOUT_MS) */
export const START_TIMEOUT_MS = 70_000;

const rabbitUrl = process.env.WARREN_TEST_RABBIT_MGMT;

/** WARREN_TEST_RABBIT_MGMT's RabbitMQ, running already (stop leaves it running). */
function namedRabbit(url: string): RunningRabbit {
  const u = new URL(url);
  return {
    mgmtUrl: `${u.protocol}//${u.host}`, user: u.username ? decodeURIComponent(u.username) : 'guest',
    password: u.username ? decodeURIComponent(u.password) : 'guest', stop: async () => {},
  };
}

export const REMOTE_BROKERS: RemoteBroker[] = [
  { name: 'Warren', start: startManagement },
  ...(rabbitUrl ? [{ name: 'RabbitMQ' as const, start: () => rabbitTarget(namedRabbit(rabbitUrl)) }] : []),
];

/** A running RabbitMQ's management API as a ManagementTarget (AMQP port from /api/overview). */
export async function rabbitTarget(r: RunningRabbit): Promise<ManagementTarget> {
  const base = r.mgmtUrl.replace(/\/+$/, '');
  const host = new URL(base).hostname;
  const admin: [string, string] = [r.user, r.password];
  const call: ManagementTarget['call'] = (method, path, opts = {}) => httpCall(base, method, path, { auth: admin, ...opts });
  const overview = await call('GET', '/api/overview');
  const listeners = overview.json.listeners as Array<{ protocol: string; port: number }>;
  const port = (p: string): number => listeners.find((l) => l.protocol === p)?.port ?? 0;
  return {
    base, external: true, admin, call, mqttUrl: `mqtt://${host}:${port('mqtt')}`,
    amqpUrl: (vhost = '/', user = admin) => `amqp://${encodeURIComponent(user[0])}:${encodeURIComponent(user[1])}@${host}:${port('amqp')}/${encodeURIComponent(vhost)}`,
    stop: () => r.stop(),
  };
}

/** The window's management client for a target, as the admin. */
export function clientFor(t: ManagementTarget): ManagementClient {
  return new ManagementClient({ url: t.base, user: t.admin[0], password: t.admin[1] });
}

/** amqp://host:port of a target, as a profile keeps it (no credentials, no vhost). */
export function amqpBase(t: ManagementTarget): string {
  const u = new URL(t.amqpUrl());
  return `amqp://${u.host}`;
}

/** A vhost of the test's own (with full permissions for the admin), deleted when the test ends. */
export async function ownVhost(t: ManagementTarget, name: string): Promise<void> {
  const v = encodeURIComponent(name);
  await t.call('PUT', `/api/vhosts/${v}`, { body: {} });
  onTestFinished(async () => { await t.call('DELETE', `/api/vhosts/${v}`); });
  await t.call('PUT', `/api/permissions/${v}/${encodeURIComponent(t.admin[0])}`, { body: { configure: '.*', write: '.*', read: '.*' } });
}
