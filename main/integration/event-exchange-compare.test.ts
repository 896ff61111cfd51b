// amq.rabbitmq.event on Warren against a real RabbitMQ with rabbitmq_event_exchange enabled
// (Debian's rabbitmq-server, started for this file): the same scenario of changes, watched the same
// way, must give the same routing keys with the same header names and value types. Skipped where
// no rabbitmq-server is installed.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startRabbit, type RabbitServer } from '../test-support/rabbitmq-server';
import { runScenario, watchEvents, type SeenEvent } from './event-exchange-support';
import { startManagement, type ManagementTarget } from './management-support';
import { until } from '../test-support/wait';

const haveRabbit = existsSync(`${process.env.WARREN_TEST_RABBIT_BIN ?? '/usr/lib/rabbitmq/bin'}/rabbitmq-server`);

/** header name -> the kind of its value as amqplib decodes it */
type Shape = Record<string, string>;
const kind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
const shape = (h: Record<string, unknown>): Shape => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, kind(v)]).sort(([a], [b]) => (a < b ? -1 : 1)));

/** the scenario's events by routing key: the first one about the scenario's own objects */
async function scenarioEvents(t: ManagementTarget): Promise<Map<string, SeenEvent>> {
  const w = await watchEvents(t, ['#']);
  const n = await runScenario(t);
  await w.waitFor('user.deleted', (h) => h.name === n.user);
  await w.close();
  const mine = new Set<unknown>(Object.values(n));
  const ours = (e: SeenEvent) => e.key.startsWith('user.authentication') || e.key.startsWith('vhost.limits') || e.key.startsWith('connection.')
    || e.key.startsWith('channel.') || ['name', 'source_name', 'consumer_tag', 'user', 'vhost'].some((k) => mine.has(e.headers[k]));
  // RabbitMQ marks an exchange being deleted with an internal parameter of its own
  const internal = (e: SeenEvent) => e.headers.component === 'exchange-delete-in-progress';
  const byKey = new Map<string, SeenEvent>();
  for (const e of w.seen) if (ours(e) && !internal(e) && !byKey.has(e.key)) byKey.set(e.key, e);
  return byKey;
}

describe.skipIf(!haveRabbit)('amq.rabbitmq.event, Warren against RabbitMQ 3.10 with the plugin', () => {
  let rabbit: RabbitServer;
  let warren: ManagementTarget;
  let onRabbit: Map<string, SeenEvent>;
  let onWarren: Map<string, SeenEvent>;
  beforeAll(async () => {
    [rabbit, warren] = await Promise.all([startRabbit({ plugins: ['rabbitmq_event_exchange', 'rabbitmq_consistent_hash_exchange', 'rabbitmq_random_exchange', 'rabbitmq_recent_history_exchange'] }), startManagement()]);
    const onRabbitMgmt = await startManagement(`http://${rabbit.user}:${rabbit.password}@${new URL(rabbit.mgmtUrl).host}`);
    [onRabbit, onWarren] = await Promise.all([scenarioEvents(onRabbitMgmt), scenarioEvents(warren)]);
  }, BOOT_TIMEOUT_MS + 60_000);
  afterAll(async () => { await Promise.all([rabbit?.stop(), warren?.stop()]); });

  it('declares the exchange the same way', async () => {
    const get = async (base: string, auth: [string, string]) => {
      const { httpCall } = await import('./management-support');
      const { name, vhost, type, durable, auto_delete, internal, arguments: args } = (await httpCall(base, 'GET', '/api/exchanges/%2F/amq.rabbitmq.event', { auth })).json;
      return { name, vhost, type, durable, auto_delete, internal, arguments: args };
    };
    expect(await get(warren.base, warren.admin)).toEqual(await get(rabbit.mgmtUrl, [rabbit.user, rabbit.password]));
  });

  it('gives the scenario the same routing keys', () => {
    expect([...onWarren.keys()].sort()).toEqual([...onRabbit.keys()].sort());
  });

  it('gives each event the same header names and value types', () => {
    const differences: string[] = [];
    for (const [key, w] of onWarren) {
      const r = onRabbit.get(key);
      if (!r) continue;
      const ws = shape(w.headers);
      const rs = shape(r.headers);
      for (const name of new Set([...Object.keys(ws), ...Object.keys(rs)])) {
        if (ws[name] !== rs[name]) differences.push(`${key} ${name}: Warren ${ws[name] ?? 'absent'}, RabbitMQ ${rs[name] ?? 'absent'}`);
      }
      expect({ deliveryMode: w.deliveryMode, body: w.bodyLength }, key).toEqual({ deliveryMode: r.deliveryMode, body: r.bodyLength });
    }
    expect(differences).toEqual([]);
  });

  it('says who deleted a vhost, and that its internal user took it down', () => {
    const who = (m: Map<string, SeenEvent>) => ['vhost.deleted', 'vhost.down'].map((k) => m.get(k)?.headers.user_who_performed_action);
    expect(who(onWarren)).toEqual(who(onRabbit));
  });

  it('prints arguments and client properties as RabbitMQ does', () => {
    for (const key of ['exchange.created', 'queue.created', 'binding.created']) {
      expect(onWarren.get(key)!.headers.arguments, key).toEqual(onRabbit.get(key)!.headers.arguments);
    }
    const props = (m: Map<string, SeenEvent>) => (m.get('connection.created')!.headers.client_properties as string[]).filter((p) => p.startsWith('{<<"connection_name">>') || p.startsWith('{<<"product">>'));
    expect(props(onWarren)).toEqual(props(onRabbit));
  });

  it('reports the same plugins and exchange types for what both have', { timeout: 40_000 }, async () => {
    const { httpCall } = await import('./management-support');
    // RabbitMQ fills in a node's plugins with its statistics, taken every few seconds from boot on
    const node = (base: string, auth: [string, string]) => until(async () => {
      const n = (await httpCall(base, 'GET', '/api/nodes', { auth })).json[0];
      return n.applications?.some((a: { name: string }) => a.name === 'rabbitmq_event_exchange') ? n : null;
    }, { ms: 30_000, stepMs: 500, what: 'the node\'s plugins' });
    const [r, w] = [await node(rabbit.mgmtUrl, [rabbit.user, rabbit.password]), await node(warren.base, warren.admin)];
    expect(r.enabled_plugins.filter((p: string) => !w.enabled_plugins.includes(p))).toEqual([]);
    type App = { name: string; description: string };
    const apps = (n: { applications: App[] }) => new Map(n.applications.map((a) => [a.name, a.description]));
    const [ra, wa] = [apps(r), apps(w)];
    for (const p of r.enabled_plugins as string[]) expect(wa.get(p), p).toBe(ra.get(p));
    for (const x of r.exchange_types as Array<{ name: string }>) expect(w.exchange_types, x.name).toContainEqual(x);
  });
});
