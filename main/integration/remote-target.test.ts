// A remote broker as the window's target, driven as the window drives it: pika declares a
// topology and keeps traffic flowing on a real broker, connectRemote() opens it through the
// management API, and its snapshot, watch() and commands are checked against what the broker
// itself then shows. The same tests run against RabbitMQ and against Warren's own management API.
// The brokers: remote-support.ts's REMOTE_BROKERS (RabbitMQ is the suite's own rabbitmq-server).
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events, EventName, TopologySnapshot } from '../../shared/ipc/contract';
import { consumerNode, flowKey, queueNode } from '../../shared/ipc/ids';
import type { WindowTarget } from '../bridge/window-target';
import { apiPath, ManagementClient, RemoteError } from '../remote/management-client';
import { connectProfile } from '../remote/connect-profile';
import { connectRemote } from '../remote/remote-target';
import { closedPort } from '../test-support/closed-port';
import { useTempDirs } from '../test-support/tmp-dir';
import { makeTestCertificates } from '../test-support/tls-cert';
import { pollUntil, until } from '../test-support/wait';
import { uniqueName } from './harness';
import { REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';
import { startPython, type RunningProcess } from './pika-support';

/** A broker with a management API, as startRabbit() gives one. */
interface RemoteBroker { mgmtUrl: string; amqpUrl: string; user: string; password: string; stop(): Promise<void> }

const BROKERS: Array<{ label: string; start: () => Promise<RemoteBroker | null> }> = REMOTE_BROKERS.map((b) => ({
  label: b.name,
  start: async () => {
    const m = await b.start();
    return { mgmtUrl: m.base, amqpUrl: m.amqpUrl(), user: m.admin[0], password: m.admin[1], stop: () => m.stop() };
  },
}));

/** A sink that keeps what it is sent. */
function recorder(): { sink: { send<E extends EventName>(name: E, payload: Events[E]): void }; events: Array<{ name: EventName; payload: unknown }> } {
  const events: Array<{ name: EventName; payload: unknown }> = [];
  return { events, sink: { send: (name, payload) => { events.push({ name, payload }); } } };
}

/** An https front (its certificate from a CA made now) passing requests on to a plain-http API. */
async function tlsFront(dir: string, backend: string): Promise<{ url: string; caPem: string; server: Server }> {
  const certs = makeTestCertificates(dir);
  const b = new URL(backend);
  const server = createHttpsServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const up = httpRequest({ host: b.hostname, port: b.port, path: req.url, method: req.method, headers: { ...req.headers, host: b.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem: certs.caPem, server };
}

const failureOf = async (p: Promise<unknown>): Promise<RemoteError> => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RemoteError);
  return e as RemoteError;
};

describe.each(BROKERS)('a remote target on $label', ({ label, start }) => {
  let broker: RemoteBroker | null = null;
  let client: ManagementClient;
  let target: WindowTarget;
  let pika: RunningProcess;
  const tempDir = useTempDirs('remote-target', { keep: 'file' });
  let stopFile: string;
  const p = uniqueName('rt');
  const n = (suffix: string): string => `${p}${suffix}`;
  const ok = async <T>(name: string, req: unknown): Promise<T> => {
    const r = await target.dispatch(name, req);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const snapshot = (): Promise<TopologySnapshot> => ok<TopologySnapshot>('getSnapshot', { vhost: '/' });
  const opts = () => ({ profileId: `p-${label}`, name: `${label} test`, readOnly: false, defaultVhost: '/', pollMs: 1000 });

  beforeAll(async () => {
    broker = await start();
    if (!broker) return;
    client = new ManagementClient({ url: broker.mgmtUrl, user: broker.user, password: broker.password });
    target = await connectRemote({ ...opts(), client });
    stopFile = join(tempDir(), 'stop');
    pika = startPython('remote_topology.py', [broker.amqpUrl, p, stopFile], 120_000);
    await pika.waitForLine(/"ready"/);
    await ok('putPolicy', { kind: 'policy', vhost: '/', name: n('-pq'), pattern: `^${n('.pq').replace(/[.-]/g, '\\$&')}$`, applyTo: 'queues', priority: 0, definition: JSON.stringify({ 'dead-letter-exchange': n('.dlx') }) });
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (!broker) return;
    writeFileSync(stopFile, '');
    await pika.done.catch(() => undefined);
    for (const q of ['.q', '.qq', '.pq', '.dlq', '.aeq', '.new', '.new2']) await client.delete(apiPath('queues', '/', n(q))).catch(() => undefined);
    for (const x of ['.x', '.t', '.ae', '.dlx', '.made']) await client.delete(apiPath('exchanges', '/', n(x))).catch(() => undefined);
    await client.delete(apiPath('policies', '/', n('-pq'))).catch(() => undefined);
    await target?.close();
    await broker.stop();
  }, 60_000);

  const skip = (): boolean => broker === null;

  it('says which broker it is and who we are there', ({ skip: skipTest }) => {
    if (skip()) skipTest();
    expect(target.info).toMatchObject({ kind: 'remote', product: label, user: 'guest', readOnly: false, defaultVhost: '/' });
    expect(target.info.version).toMatch(/^\d+\.\d+/);
    expect(target.info.clusterName).not.toBe('');
  });

  it('shows what pika declared: types, quorum members, dead-letter and alternate exchanges, e2e bindings, the consumer and the publisher', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const snap = await pollUntil(snapshot, (s) => s.publishers.length > 0 && s.consumers.length > 0 && s.queues.some((q) => q.name === n('.pq') && q.policy !== undefined), { ms: 15_000, stepMs: 500, what: 'the publisher, the consumer and the policy (RabbitMQ lists them after its next statistics)' });
    expect(snap.exchanges.find((x) => x.name === n('.x'))).toMatchObject({ type: 'direct', arguments: { 'alternate-exchange': n('.ae') } });
    const qq = snap.queues.find((q) => q.name === n('.qq'))!;
    expect(qq.queueType).toBe('quorum');
    expect(qq.node).toBeTruthy();
    if (label === 'RabbitMQ') expect(qq.members).toContain(qq.node);
    expect(snap.queues.find((q) => q.name === n('.q'))?.arguments).toEqual({ 'x-dead-letter-exchange': n('.dlx') });
    expect(snap.queues.find((q) => q.name === n('.pq'))?.policy).toMatchObject({ name: n('-pq'), definition: { 'dead-letter-exchange': n('.dlx') } });
    expect(snap.bindings).toContainEqual({ vhost: '/', source: n('.x'), destination: n('.t'), destinationType: 'exchange', routingKey: 'k', arguments: {} });
    const conn = snap.connections.find((c) => c.clientProperties.connection_name === n('-client'))!;
    expect(conn).toBeTruthy();
    expect(snap.consumers).toContainEqual(expect.objectContaining({ queue: n('.q'), tag: n('-ctag'), connectionId: conn.id, prefetch: 10, noAck: false }));
    expect(snap.publishers).toContainEqual({ connectionId: conn.id, exchange: n('.x') });
  });

  it('watch() sends the topology, then stats every poll with depths and edge rates, and a new topology after a change; nothing after the last watcher leaves', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const rec = recorder();
    const stop = target.watch('/', rec.sink);
    const first = await until(() => rec.events.find((e) => e.name === 'topology'), { ms: 10_000, what: 'the first topology' });
    const conn = (first.payload as TopologySnapshot).connections.find((c) => c.clientProperties.connection_name === n('-client'))!;
    // RabbitMQ's rates need a few seconds of samples
    // RabbitMQ's lists catch up with each other within its statistics interval
    const rated = await until(() => rec.events.find((e) => {
      const st = e.payload as Events['stats'];
      return e.name === 'stats' && (st.rates[flowKey(queueNode(n('.q')), consumerNode(conn.id))] ?? 0) > 0 && st.queues.find((q) => q.name === n('.q'))?.consumers === 1;
    }), { ms: 20_000, stepMs: 100, what: 'a delivery rate to the consumer, and its queue counting it' });
    expect((rated.payload as Events['stats']).vhost).toBe('/');
    const topologies = rec.events.filter((e) => e.name === 'topology').length;
    await ok('declareQueue', { vhost: '/', name: n('.new'), durable: true, exclusive: false, autoDelete: false });
    await until(() => rec.events.find((e, i) => e.name === 'topology' && i > 0 && (e.payload as TopologySnapshot).queues.some((q) => q.name === n('.new'))), { ms: 10_000, what: 'the new queue in a topology' });
    // depths alone do not resend the topology: at most the one change above
    expect(rec.events.filter((e) => e.name === 'topology').length).toBe(topologies + 1);
    stop();
    const seen = rec.events.length;
    await new Promise((r) => setTimeout(r, 2500)); // two poll intervals: nothing may arrive
    expect(rec.events.length).toBe(seen);
  }, 40_000);

  it('declares, binds, publishes, browses, unbinds, purges and deletes through the API, and the broker shows each', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const made = await ok<{ name: string; type: string }>('declareExchange', { vhost: '/', name: n('.made'), type: 'topic', durable: false, autoDelete: false, internal: false, alternateExchange: n('.ae') });
    expect(made).toMatchObject({ name: n('.made'), type: 'topic', arguments: { 'alternate-exchange': n('.ae') } });
    const q = await ok<{ name: string }>('declareQueue', { vhost: '/', name: n('.new2'), durable: true, exclusive: false, autoDelete: false, maxLength: 100, deadLetterExchange: n('.dlx') });
    expect(q).toMatchObject({ arguments: { 'x-max-length': 100, 'x-dead-letter-exchange': n('.dlx') } });
    expect((await client.get<{ arguments: object }>(apiPath('queues', '/', n('.new2')))).arguments).toEqual({ 'x-max-length': 100, 'x-dead-letter-exchange': n('.dlx') });
    const bind = { vhost: '/', source: n('.made'), destination: n('.new2'), destinationType: 'queue', routingKey: 'a.*', arguments: {} };
    await ok('bind', bind);
    expect((await client.get<unknown[]>(`${apiPath('bindings', '/', 'e', n('.made'), 'q', n('.new2'))}`)).length).toBe(1);

    const routed = await ok('publish', { vhost: '/', exchange: n('.made'), routingKey: 'a.b', mandatory: false, properties: { contentType: 'application/json', messageId: 'm1' }, headers: [{ name: 'h', value: { type: 'int', value: 7 } }], body: '{"n":1}', bodyEncoding: 'text' });
    expect(routed).toMatchObject({ outcome: 'routed' });
    expect(await ok('publish', { vhost: '/', exchange: 'amq.direct', routingKey: n('-nowhere'), mandatory: true, properties: {}, headers: [], body: 'x', bodyEncoding: 'text' })).toMatchObject({ outcome: 'returned', routed: 0 });
    await pollUntil(() => client.get<{ messages_ready: number }>(apiPath('queues', '/', n('.new2'))), (x) => x.messages_ready === 1, { ms: 10_000, stepMs: 200, what: 'the published message' });

    const page = await ok<{ messages: Array<Record<string, unknown>>; notice: string; ready: number }>('browseQueue', { vhost: '/', queue: n('.new2'), offset: 0, limit: 10 });
    expect(page.notice).toMatch(/cannot show messages without taking them.*redelivered/);
    expect(page.messages).toHaveLength(1);
    expect(page.messages[0]).toMatchObject({ exchange: n('.made'), routingKey: 'a.b', redelivered: false, properties: { contentType: 'application/json', messageId: 'm1' }, headers: { h: 7 }, body: { encoding: 'json' } });
    const filtered = (filter: object) => ok<{ matched: number; scanned: number; complete: boolean }>('browseQueue', { vhost: '/', queue: n('.new2'), offset: 0, limit: 10, filter });
    expect(await filtered({ header: { name: 'h', value: '7' } })).toMatchObject({ matched: 1, scanned: 1, complete: true });
    expect(await filtered({ property: { name: 'messageId', value: 'M1' } })).toMatchObject({ matched: 1 });
    expect(await filtered({ text: 'no such text' })).toMatchObject({ matched: 0, scanned: 1 });
    // it went back: the queue still holds it, now redelivered
    const again = await ok<{ messages: Array<{ redelivered: boolean }> }>('browseQueue', { vhost: '/', queue: n('.new2'), offset: 0, limit: 10 });
    expect(again.messages.map((m) => m.redelivered)).toEqual([true]);

    await ok('unbind', bind);
    expect(await client.get<unknown[]>(`${apiPath('bindings', '/', 'e', n('.made'), 'q', n('.new2'))}`)).toEqual([]);
    const unbindAgain = await target.dispatch('unbind', bind);
    expect(unbindAgain).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok('purgeQueue', { vhost: '/', name: n('.new2') })).toEqual({ messages: 1 });
    // the counts come from the broker's statistics, which RabbitMQ refreshes every few seconds
    await pollUntil(() => client.get<{ messages: number }>(apiPath('queues', '/', n('.new2'))), (x) => x.messages === 0, { ms: 10_000, stepMs: 200, what: 'the purge in the statistics' });
    expect(await ok('deleteQueue', { vhost: '/', name: n('.new2') })).toEqual({ messages: 0 });
    await ok('deleteExchange', { vhost: '/', name: n('.made') });
    expect(await target.dispatch('deleteQueue', { vhost: '/', name: n('.new2') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // a refusal of the broker keeps its reply name
    const inequivalent = await target.dispatch('declareQueue', { vhost: '/', name: n('.q'), durable: false, exclusive: false, autoDelete: false });
    expect(inequivalent).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
    // what the API cannot do says so
    expect(await target.dispatch('deleteMessages', { vhost: '/', queue: n('.q'), seqs: [1] })).toMatchObject({ ok: false, error: { code: 'NOT_IMPLEMENTED' } });
  }, 40_000);

  it('lists connections with their channels and consumers, the nodes, the vhosts and who we are', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const conns = await ok<Array<{ clientProperties: Record<string, unknown>; details: { channels: Array<{ channel: number; prefetch: number; consumers: Array<{ tag: string }> }> } }>>('listConnections', { vhost: '/' });
    const mine = conns.find((c) => c.clientProperties.connection_name === n('-client'))!;
    expect(mine.details.channels.map((c) => c.channel)).toEqual([1, 2]);
    expect(mine.details.channels[1].consumers.map((c) => c.tag)).toEqual([n('-ctag')]);
    const nodes = await ok<Array<{ running: boolean; memAlarm: boolean; diskAlarm: boolean }>>('listNodes', {});
    expect(nodes[0]).toMatchObject({ running: true, memAlarm: false, diskAlarm: false });
    expect((await ok<Array<{ name: string }>>('listVhosts', {})).map((v) => v.name)).toContain('/');
    expect(await ok('whoAmI', {})).toMatchObject({ user: 'guest', tags: ['administrator'], owner: false, may: { definitions: true } });
    const defs = await ok<{ queues: Array<{ name: string }> }>('exportDefinitions', { vhost: '/' });
    expect(defs.queues.map((x) => x.name)).toContain(n('.qq'));
  });

  it('sets the sandbox clock of a remote Warren; a RabbitMQ has none, and says so', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const lab = n('-lab');
    await ok('addVhost', { vhost: lab });
    try {
      const clockOf = async (): Promise<number | undefined> => (await ok<Array<{ name: string; clockScale: number }>>('listVhosts', {})).find((v) => v.name === lab)?.clockScale;
      if (label === 'Warren') {
        await ok('setVhostClock', { vhost: lab, scale: 10 });
        expect(await clockOf()).toBe(10);
        expect((await ok<TopologySnapshot>('getSnapshot', { vhost: lab })).clockScale).toBe(10);
      } else {
        expect(await target.dispatch('setVhostClock', { vhost: lab, scale: 10 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('this broker has no sandbox clock') } });
        expect(await clockOf()).toBe(1);
      }
    } finally {
      await ok('deleteVhost', { vhost: lab });
    }
  });

  it("a saved profile opens onto the broker (the window session's connect)", async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const t = await connectProfile({ id: 'saved', name: 'saved', managementUrl: broker!.mgmtUrl, user: broker!.user, password: broker!.password, amqpUrl: null, defaultVhost: '/', readOnly: true, caPem: null });
    try {
      expect(t.info).toMatchObject({ profileId: 'saved', product: label, readOnly: true });
      expect(await t.dispatch('deleteExchange', { vhost: '/', name: n('.x') })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    } finally { await t.close(); }
    await expect(connectProfile({ id: 'bad', name: 'bad', managementUrl: broker!.mgmtUrl, user: broker!.user, password: 'nope', amqpUrl: null, defaultVhost: '/', readOnly: false, caPem: null }))
      .rejects.toMatchObject({ kind: 'auth' });
  });

  it('a read-only profile refuses every change before it reaches the broker, and still shows everything', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const ro = await connectRemote({ ...opts(), name: 'staging', readOnly: true, client: new ManagementClient({ url: broker!.mgmtUrl, user: broker!.user, password: broker!.password }) });
    try {
      expect(await ro.dispatch('declareQueue', { vhost: '/', name: n('.ro'), durable: true, exclusive: false, autoDelete: false }))
        .toEqual({ ok: false, error: { code: 'ACCESS_REFUSED', message: "profile 'staging' is read-only", replyCode: 403 } });
      expect(await ro.dispatch('purgeQueue', { vhost: '/', name: n('.q') })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
      await expect(client.get(apiPath('queues', '/', n('.ro')))).rejects.toMatchObject({ kind: 'not-found' });
      expect((await ro.dispatch('getSnapshot', { vhost: '/' })).ok).toBe(true);
      expect(await ro.dispatch('getMqtt', { vhost: '/' })).toEqual({ ok: true, value: { enabled: false, exchange: null } });
    } finally { await ro.close(); }
  });

  it('a wrong password, an unreachable port and a TLS error each give one clear message', async ({ skip: skipTest }) => {
    if (skip()) skipTest();
    const b = broker!;
    const wrong = await failureOf(connectRemote({ ...opts(), client: new ManagementClient({ url: b.mgmtUrl, user: b.user, password: 'not-it' }) }));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/refused user 'guest': wrong user name or password/);
    const port = await closedPort();
    const gone = await failureOf(connectRemote({ ...opts(), client: new ManagementClient({ url: `http://127.0.0.1:${port}`, user: 'guest', password: 'guest' }) }));
    expect(gone).toMatchObject({ kind: 'unreachable', message: `cannot reach the management API at 127.0.0.1:${port}: connection refused (is the broker and its management plugin running there?)` });
    const plain = await failureOf(connectRemote({ ...opts(), client: new ManagementClient({ url: b.mgmtUrl.replace(/^http:/, 'https:'), user: 'guest', password: 'guest', timeoutMs: 5000 }) }));
    expect(plain.kind).toBe('tls');
    expect(plain.message).toMatch(/TLS: the handshake with .* failed: .*Is the URL's scheme \(http or https\) the one the broker serves there\?/);

    const front = await tlsFront(tempDir(), b.mgmtUrl);
    try {
      const untrusted = await failureOf(connectRemote({ ...opts(), client: new ManagementClient({ url: front.url, user: b.user, password: b.password }) }));
      expect(untrusted.kind).toBe('tls');
      expect(untrusted.message).toMatch(/cannot be trusted: its certificate was issued by a CA that is not trusted .*Add its CA certificate to the profile/);
      const log = { warned: [] as string[], told: [] as string[], warn(m: string) { this.warned.push(m); }, info(m: string) { this.told.push(m); } };
      const trusted = await connectRemote({ ...opts(), log, client: new ManagementClient({ url: front.url, user: b.user, password: b.password, caPem: front.caPem }) });
      try {
        expect(trusted.info.product).toBe(label);
        expect((await trusted.dispatch('getSnapshot', { vhost: '/' })).ok).toBe(true);
        const rec = recorder();
        const stop = trusted.watch('/', rec.sink);
        await until(() => rec.events.some((e) => e.name === 'stats'), { ms: 10_000, what: 'the first stats' });
        // the broker goes away after the window opened onto it: commands say so, nothing throws,
        // the canvas keeps its last picture (no event), and the log says it once
        const port = Number(new URL(front.url).port);
        await new Promise<void>((r) => { front.server.closeAllConnections(); front.server.close(() => r()); });
        const lost = await trusted.dispatch('getSnapshot', { vhost: '/' });
        expect(lost).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
        expect((lost as { error: { message: string } }).error.message).toMatch(/(cannot reach the management API|the connection to) 127\.0\.0\.1:\d+/);
        const before = rec.events.length;
        await until(() => log.warned.length > 0, { ms: 5000, what: 'the warning' });
        await new Promise((r) => setTimeout(r, 2200)); // two more polls that fail
        expect(rec.events.length).toBe(before);
        expect(log.warned.filter((m) => m.startsWith("polling vhost '/'"))).toHaveLength(1);
        // back again: stats resume, and the log says so
        await new Promise<void>((r) => front.server.listen(port, '127.0.0.1', r));
        await until(() => rec.events.length > before, { ms: 5000, what: 'stats after the broker is back' });
        expect(log.told).toEqual([`the management API at 127.0.0.1:${port} answers again`]);
        stop();
      } finally { await trusted.close(); }
    } finally { front.server.close(); }
  }, 30_000);
});
