// `warren connect URL`: the window on a broker Warren does not run, as its user sees it. Against
// the suite's own RabbitMQ and against a Warren's management API: the URL's user logs in, the window
// is on that broker (its canvas, the routing debugger), its firehose feeds live traffic (along the
// bindings it took) and goes off
// when the window closes, --read-only refuses changes, and a wrong password, an unreachable host
// and a TLS mismatch each stop it with one plain line.
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowBatch, TopologySnapshot } from '../../shared/ipc/contract';
import type { TargetInfo } from '../../shared/model/remote';
import type { RouteExplanation } from '../../shared/model/route';
import { closedPort } from '../test-support/closed-port';
import { until } from '../test-support/wait';
import { loginUi, openWindowClient } from '../test-support/window-client';
import { runCli, spawnConnect } from '../test-support/warren-process';
import { uniqueName } from './harness';
import type { ManagementTarget } from './management-support';
import { seg } from './management-support';
import { REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';

const withUser = (base: string, [user, pass]: [string, string]): string => {
  const u = new URL(base);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(pass);
  return u.toString();
};

describe.each(REMOTE_BROKERS)('warren connect to $name', ({ name, start }) => {
  let t: ManagementTarget;
  let vh: string;
  let conn: ChannelModel;
  const running: Array<{ stop(): Promise<void> }> = [];
  beforeAll(async () => {
    t = await start();
    vh = uniqueName('connect');
    expect((await t.call('PUT', `/api/vhosts/${seg(vh)}`)).status).toBe(201);
    expect((await t.call('PUT', `/api/permissions/${seg(vh)}/${seg(t.admin[0])}`, { body: { configure: '.*', write: '.*', read: '.*' } })).status).toBeLessThan(300);
    conn = await amqp.connect(t.amqpUrl(vh));
    const ch = await conn.createChannel();
    await ch.assertExchange('orders', 'topic', { durable: true });
    await ch.assertQueue('eu-orders', { durable: true });
    await ch.bindQueue('eu-orders', 'orders', 'eu.#');
    await ch.assertExchange('all', 'fanout', { durable: true });
    await ch.bindExchange('orders', 'all', '');
    await ch.close();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    for (const c of running) await c.stop();
    await conn?.close().catch(() => {});
    await t?.call('DELETE', `/api/vhosts/${seg(vh)}`);
    await t?.stop();
  });

  it('serves the window on that broker to the URL\'s user only, with its canvas and routing debugger', async () => {
    const c = await spawnConnect([withUser(t.base, t.admin), '--ui-port', '0', '--vhost', vh]);
    running.push(c);
    expect(c.output()).toContain(`Warren UI on ${name}`);
    expect((await loginUi(c.uiUrl, t.admin[0], 'not-the-password')).status).toBe(401);
    const w = await openWindowClient(c.uiUrl, t.admin[0], t.admin[1]);
    const target = await w.value<TargetInfo>('getTarget', {});
    expect(target).toMatchObject({ kind: 'remote', product: name, user: t.admin[0], defaultVhost: vh, readOnly: false });
    const snap = await w.value<TopologySnapshot>('getSnapshot', { vhost: vh });
    expect(snap.queues.map((q) => q.name)).toContain('eu-orders');
    expect(snap.bindings).toContainEqual(expect.objectContaining({ source: 'orders', destination: 'eu-orders', routingKey: 'eu.#' }));
    const why = await w.value<RouteExplanation>('explainRoute', { vhost: vh, exchange: 'orders', routingKey: 'eu.de.new' });
    expect([why.outcome, why.queues]).toEqual(['routed', ['eu-orders']]);
    // no broker runs here: there is no "This computer" to switch to
    const profiles = await w.value<Array<{ kind: string }>>('listProfiles', {});
    expect(profiles.map((p) => p.kind)).toEqual(['remote']);
    await w.close();
  });

  it('shows live traffic from the firehose along the bindings it took, and switches it off when the window closes', async () => {
    const c = await spawnConnect([withUser(t.base, t.admin), '--ui-port', '0', '--vhost', vh]);
    running.push(c);
    const w = await openWindowClient(c.uiUrl, t.admin[0], t.admin[1]);
    w.subscribe(vh);
    expect(await w.value('setFirehose', { vhost: vh, on: true })).toMatchObject({ on: true, ours: true, available: true });
    expect((await t.call('GET', `/api/vhosts/${seg(vh)}`)).json.tracing).toBe(true);
    const ch = await conn.createChannel();
    // published to 'all', which passes it on to 'orders' (an exchange-to-exchange binding): the marker
    // follows both edges, as on the embedded broker
    const routed = (): boolean => w.events.some((e) => e.name === 'flow' && (e.payload as FlowBatch).events.some((f) => f.k === 'route' && f.exchange === 'all'
      && JSON.stringify(f.hops) === JSON.stringify([['orders', 'eu-orders', 'queue'], ['all', 'orders', 'exchange']])));
    await until(() => { ch.publish('all', 'eu.fr', Buffer.from('bonjour')); return routed(); }, { what: 'a route marker from the firehose through all and orders', ms: 15_000, stepMs: 300 });
    await ch.close();
    await w.close();
    await until(async () => (await t.call('GET', `/api/vhosts/${seg(vh)}`)).json.tracing === false, { what: 'tracing off after the window closed', ms: 10_000 });
  });

  it('refuses every change with --read-only', async () => {
    const c = await spawnConnect([withUser(t.base, t.admin), '--ui-port', '0', '--vhost', vh, '--read-only']);
    running.push(c);
    const w = await openWindowClient(c.uiUrl, t.admin[0], t.admin[1]);
    const r = await w.invoke('declareQueue', { vhost: vh, name: 'nope', durable: true, exclusive: false, autoDelete: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    expect((await t.call('GET', `/api/queues/${seg(vh)}/nope`)).status).toBe(404);
    await w.close();
  });

  it('stops with one plain line for a wrong password, an unreachable host and a TLS mismatch', async () => {
    const wrong = await runCli(['connect', withUser(t.base, [t.admin[0], 'wrong']), '--ui-port', '0']);
    expect([wrong.code, wrong.stderr]).toEqual([1, `warren: the broker at ${new URL(t.base).host} refused user '${t.admin[0]}': wrong user name or password\n`]);
    const port = await closedPort();
    const gone = await runCli(['connect', `http://guest:guest@127.0.0.1:${port}`, '--ui-port', '0']);
    expect(gone.stderr).toBe(`warren: cannot reach the management API at 127.0.0.1:${port}: connection refused (is the broker and its management plugin running there?)\n`);
    const tls = await runCli(['connect', withUser(t.base.replace(/^http:/, 'https:'), t.admin), '--ui-port', '0']);
    expect(tls.stderr).toMatch(/^warren: TLS: the handshake with 127\.0\.0\.1:\d+ failed: the server there does not speak TLS/);
  });
});
