// The window's MQTT commands against a real Warren (in process) with real mqtt.js clients: the
// Retained tool, publish as MQTT, the routing debugger for a topic, and who may do which.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName, Res, Result } from '../../shared/ipc/contract';
import type { TraceStep } from '../../shared/model/trace';
import { mqttConnect } from '../integration/mqtt-support';
import { RETAINED_LISTING } from './mqtt-handlers';
import { createLogger } from '../server/log';
import { amqpListener, mqttListener, startWarren, type RunningWarren } from '../server/warren';
import { until } from '../test-support/wait';

let warren: RunningWarren;
let url: string;

beforeAll(async () => {
  warren = await startWarren({ hosts: ['127.0.0.1'], port: 0, listeners: [amqpListener(0), mqttListener(0)], log: createLogger('error'), dataDir: null, ui: null });
  url = `mqtt://127.0.0.1:${warren.listeners.find((l) => l.protocol === 'MQTT')!.address!.port}`;
});
afterAll(async () => { await warren?.stop(); });

const run = (name: CommandName, req: unknown, as?: string): Promise<Result<unknown>> => warren.bridge.dispatch(name, req, as ? { user: as } : null);
async function call<K extends CommandName>(name: K, req: unknown): Promise<Res<K>> {
  const r = await run(name, req);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as Res<K>;
}

describe('the Retained tool', () => {
  it('lists what MQTT clients retained, with history, and Delete clears it as an empty retained PUBLISH', async () => {
    const pub = await mqttConnect(url, { clientId: 'retainer', protocolVersion: 5 });
    await pub.publishAsync('home/kitchen/temp', '20', { qos: 1, retain: true });
    await pub.publishAsync('home/kitchen/temp', '{"c":21}', { qos: 1, retain: true, properties: { contentType: 'application/json', userProperties: { unit: 'C' } } });
    await pub.publishAsync('home/hall/temp', '18', { qos: 0, retain: true });
    await until(async () => (await call('listRetained', { vhost: '/' })).total === 2);
    const { topics: [hall, kitchen] } = await call('listRetained', { vhost: '/' });
    expect(hall.topic).toBe('home/hall/temp');
    expect(kitchen).toMatchObject({ topic: 'home/kitchen/temp', last: { qos: 1, body: { encoding: 'json' }, properties: { contentType: 'application/json', userProperties: { unit: 'C' } } } });
    expect(JSON.parse(kitchen.last.body.text)).toEqual({ c: 21 });
    expect(kitchen.earlier).toBe(1);
    expect((await call('getRetained', { vhost: '/', topic: 'home/kitchen/temp' })).map((h) => h.body.text)).toEqual([kitchen.last.body.text, '20']);
    expect(kitchen.last.at).toBeGreaterThan(0);

    expect(await call('deleteRetained', { vhost: '/', topic: 'home/kitchen/temp' })).toEqual({ deleted: true });
    expect((await call('listRetained', { vhost: '/' })).topics.map((t) => t.topic)).toEqual(['home/hall/temp']);
    expect(await call('getRetained', { vhost: '/', topic: 'home/kitchen/temp' })).toEqual([]);
    const sub = await mqttConnect(url, { clientId: 'late' });
    await sub.subscribeAsync('home/#', { qos: 1 });
    expect((await sub.inbox.next()).topic).toBe('home/hall/temp');
    expect(await sub.inbox.none()).toEqual([]);
    expect(await call('deleteRetained', { vhost: '/', topic: 'home/kitchen/temp' })).toEqual({ deleted: false });
    await call('deleteRetained', { vhost: '/', topic: 'home/hall/temp' });
  });

  it('lists at most RETAINED_LISTING topics and says how many there are', async () => {
    const pub = await mqttConnect(url, { clientId: 'flood' });
    for (let i = 0; i <= RETAINED_LISTING; i++) pub.publish(`flood/${String(i).padStart(5, '0')}`, 'x', { qos: 0, retain: true });
    await pub.publishAsync('flood/zz', 'last', { qos: 1, retain: true });
    const listing = await call('listRetained', { vhost: '/' });
    expect(listing.total).toBe(RETAINED_LISTING + 2);
    expect(listing.topics).toHaveLength(RETAINED_LISTING);
    expect(listing.topics[0].topic).toBe('flood/00000');
    for (let i = 0; i <= RETAINED_LISTING; i++) pub.publish(`flood/${String(i).padStart(5, '0')}`, '', { qos: 0, retain: true });
    await pub.publishAsync('flood/zz', '', { qos: 1, retain: true });
    expect((await call('listRetained', { vhost: '/' })).total).toBe(0);
  });

  it('refuses a topic with a wildcard, and says so', async () => {
    const r = await run('deleteRetained', { vhost: '/', topic: 'home/+/temp' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!r.ok && r.error.message).toMatch(/wildcard/);
  });
});

describe('publish as MQTT', () => {
  it('reaches an MQTT subscriber with its QoS, retain and MQTT 5 properties, and is retained', async () => {
    const sub = await mqttConnect(url, { clientId: 'listener5', protocolVersion: 5 });
    await sub.subscribeAsync('plant/+/state', { qos: 2 });
    const out = await call('publishMqtt', {
      vhost: '/', topic: 'plant/pump.1/state', qos: 1, retain: true, payload: 'on', payloadEncoding: 'utf8',
      contentType: 'text/plain', responseTopic: 'plant/replies', correlationData: 'c-7', messageExpiryInterval: 60,
      userProperties: [{ name: 'site', value: 'north' }, { name: 'site', value: 'b' }],
    });
    expect(out).toMatchObject({ outcome: 'routed', routed: 1, queues: ['mqtt-subscription-listener5qos1'] });
    const m = await sub.inbox.next();
    expect(m).toMatchObject({ topic: 'plant/pump.1/state', payload: 'on', packet: { qos: 1 } });
    expect(m.packet.properties).toMatchObject({ contentType: 'text/plain', responseTopic: 'plant/replies', userProperties: { site: ['north', 'b'] } });
    expect(m.packet.properties?.correlationData?.toString()).toBe('c-7');
    expect((await call('listRetained', { vhost: '/' })).topics.map((t) => t.topic)).toEqual(['plant/pump.1/state']);
    await call('deleteRetained', { vhost: '/', topic: 'plant/pump.1/state' });
  });

  it('says dropped when nothing subscribes, and refuses a bad response topic', async () => {
    expect(await call('publishMqtt', { vhost: '/', topic: 'nobody/here', qos: 0, retain: false, payload: 'x', payloadEncoding: 'utf8' })).toMatchObject({ outcome: 'dropped', routed: 0 });
    const r = await run('publishMqtt', { vhost: '/', topic: 'a', qos: 0, retain: false, payload: '', payloadEncoding: 'utf8', responseTopic: 'r/#' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^response topic: /) } });
    expect(await run('publishMqtt', { vhost: '/', topic: 'a', qos: 3, retain: false, payload: '', payloadEncoding: 'utf8' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('the routing debugger for an MQTT topic', () => {
  it('translates the topic and names the subscription filters that take it', async () => {
    const sub = await mqttConnect(url, { clientId: 'sensors' });
    await sub.subscribeAsync(['sensors/+/temp', 'sensors/#'], { qos: 0 });
    const e = await call('explainMqttRoute', { vhost: '/', topic: 'sensors/a.b/temp' });
    expect(e).toMatchObject({ exchange: 'amq.topic', routingKey: 'sensors.a/b.temp', route: { outcome: 'routed', queues: ['mqtt-subscription-sensorsqos0'] } });
    expect(e.subscriptions.map((s) => s.filter).sort()).toEqual(['sensors/#', 'sensors/+/temp']);
    expect((await call('explainMqttRoute', { vhost: '/', topic: 'other' })).subscriptions).toEqual([]);
  });
});

describe('the trace', () => {
  it('follows a message from an MQTT publisher to an AMQP consumer, and an AMQP reply back to an MQTT subscriber', async () => {
    const unwatch = warren.bridge.sampler.watch('/', { send: () => undefined }); // a UI watching turns tracing on
    const conn = await amqp.connect(`amqp://guest:guest@127.0.0.1:${warren.amqp.port}`, { clientProperties: { connection_name: 'amqp-service' } });
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('svc.requests');
      await ch.bindQueue('svc.requests', 'amq.topic', 'svc.request');
      const got = new Promise<amqp.ConsumeMessage>((resolve) => { void ch.consume('svc.requests', (m) => { if (m) { ch.ack(m); resolve(m); } }, { consumerTag: 'svc' }); });
      const device = await mqttConnect(url, { clientId: 'device-7', protocolVersion: 5 });
      await device.subscribeAsync('svc/reply', { qos: 1 });
      await device.publishAsync('svc/request', 'ping', { qos: 1 });
      await got;
      ch.publish('amq.topic', 'svc.reply', Buffer.from('pong'));
      expect((await device.inbox.next()).payload).toBe('pong');

      const traceOf = async (routingKey: string): Promise<TraceStep[]> => {
        let steps: TraceStep[] = [];
        await until(async () => {
          const [t] = await call('listTraces', { vhost: '/', limit: 10, search: routingKey });
          steps = t ? (await call('getTrace', { vhost: '/', messageId: t.lineage })).entries.map((e) => e.step) : [];
          return steps.some((s) => s.kind === 'acked');
        });
        return steps;
      };
      const there = await traceOf('svc.request');
      expect(there.map((s) => s.kind)).toEqual(['published', 'routed', 'delivered', 'acked']);
      expect(there[0]).toMatchObject({ exchange: 'amq.topic', connectionName: 'device-7' });
      expect(there[2]).toMatchObject({ queue: 'svc.requests', consumerTag: 'svc' });
      const back = await traceOf('svc.reply');
      expect(back.map((s) => s.kind)).toEqual(['published', 'routed', 'delivered', 'acked']);
      expect(back[0]).toMatchObject({ connectionName: 'amqp-service' });
      expect(back[1]).toMatchObject({ queues: ['mqtt-subscription-device-7qos1'] });
      const mqttConn = [...warren.broker.clients.values()].find((c) => c.info.clientProperties['client_id'] === 'device-7')!;
      expect(back[2]).toMatchObject({ queue: 'mqtt-subscription-device-7qos1', connectionId: mqttConn.info.id });
    } finally {
      unwatch();
      await conn.close();
    }
  });
});

describe('who may', () => {
  it('see retained messages with read on the MQTT exchange, and clear them only with write', async () => {
    await call('putUser', { name: 'reader', password: 'pw', tags: ['management'] });
    await call('setPermission', { user: 'reader', vhost: '/', configure: '', write: '', read: '.*' });
    expect(await run('listRetained', { vhost: '/' }, 'reader')).toMatchObject({ ok: true });
    expect(await run('deleteRetained', { vhost: '/', topic: 'x' }, 'reader')).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: expect.stringMatching(/amq\.topic/) } });
    expect(await run('publishMqtt', { vhost: '/', topic: 'x', qos: 0, retain: false, payload: '', payloadEncoding: 'utf8' }, 'reader')).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    await call('setPermission', { user: 'reader', vhost: '/', configure: '', write: '.*', read: '' });
    expect(await run('listRetained', { vhost: '/' }, 'reader')).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
    await call('setTopicPermission', { user: 'reader', vhost: '/', exchange: 'amq.topic', write: '^allowed\\.', read: '.*' });
    expect(await run('publishMqtt', { vhost: '/', topic: 'allowed/x', qos: 0, retain: false, payload: '', payloadEncoding: 'utf8' }, 'reader')).toMatchObject({ ok: true });
    expect(await run('publishMqtt', { vhost: '/', topic: 'other/x', qos: 0, retain: false, payload: '', payloadEncoding: 'utf8' }, 'reader')).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
  });

  it('answers NOT_FOUND without MQTT, and getMqtt says it is off', async () => {
    const plain = await startWarren({ hosts: ['127.0.0.1'], port: 0, log: createLogger('error'), dataDir: null, ui: null });
    try {
      expect(await plain.bridge.dispatch('getMqtt', { vhost: '/' })).toEqual({ ok: true, value: { enabled: false, exchange: null } });
      expect(await plain.bridge.dispatch('listRetained', { vhost: '/' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/MQTT is not running/) } });
    } finally { await plain.stop(); }
    expect(await call('getMqtt', { vhost: '/' })).toEqual({ enabled: true, exchange: 'amq.topic' });
  });
});
