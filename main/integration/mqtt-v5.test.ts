// MQTT 5 with mqtt.js (RabbitMQ 3.10 speaks no MQTT 5, so this is Warren's alone): CONNACK's
// properties, reason codes, properties mapped to AMQP's and back (request/response with an AMQP
// service), message expiry, topic aliases, subscription identifiers, no-local,
// retain-as-published, retain handling, session expiry, will delay and server-sent DISCONNECT.
import { describe, expect, it } from 'vitest';
import { startBroker, uniqueName } from './harness';
import { useSharedBroker, within } from './amqp-util';
import { againstReference, closedBy, mqttConnect, rawSession } from './mqtt-support';
import { sleep } from '../test-support/wait';

const shared = useSharedBroker();
const v5 = { protocolVersion: 5 as const };
const url = (): string => shared.broker.mqttUrl;

describe.skipIf(againstReference)('MQTT 5', () => {
  it('CONNACK assigns a client id to an empty one and announces the limits', async () => {
    const c = await mqttConnect(url(), { ...v5, clientId: '' });
    const p = c.connack.properties!;
    expect(p.assignedClientIdentifier).toMatch(/^warren-/);
    expect(p.topicAliasMaximum).toBeGreaterThan(0);
    expect(p.maximumPacketSize).toBe(16 * 1024 * 1024);
    expect(p.sharedSubscriptionAvailable).toBe(true);
  });

  it('request/response with an AMQP service: response topic and correlation data become reply_to and correlation_id, user properties headers', async () => {
    const root = uniqueName('rpc');
    const ch = await shared.conn.createChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(queue, 'amq.topic', `${root}.requests`);
    await ch.consume(queue, (msg) => {
      if (!msg) return;
      // the service answers through amq.topic to the reply_to routing key, echoing correlation_id
      ch.publish('amq.topic', msg.properties.replyTo as string, Buffer.from(`${msg.content.toString()} done (${msg.properties.contentType}, ${String(msg.properties.headers?.shift)})`), {
        correlationId: msg.properties.correlationId as string, contentType: 'text/plain', headers: { served: 'yes' },
      });
    }, { noAck: true });
    const client = await mqttConnect(url(), { ...v5, clientId: uniqueName('req') });
    await client.subscribeAsync(`${root}/responses`, { qos: 1 });
    await client.publishAsync(`${root}/requests`, 'job', {
      qos: 1, properties: { responseTopic: `${root}/responses`, correlationData: Buffer.from('c-17'), contentType: 'text/x-job', userProperties: { shift: 'night' } },
    });
    const reply = await client.inbox.next();
    expect(reply.payload).toBe('job done (text/x-job, night)');
    expect(reply.packet.properties?.correlationData?.toString()).toBe('c-17');
    expect(reply.packet.properties?.contentType).toBe('text/plain');
    expect(reply.packet.properties?.userProperties).toMatchObject({ served: 'yes' });
    await ch.close();
  });

  it('PUBACK says 0x10 when no subscription took the message', async () => {
    const raw = await rawSession(url(), 5, uniqueName('nobody'));
    raw.send({ cmd: 'publish', topic: `${uniqueName('void')}/t`, payload: Buffer.from('x'), qos: 1, messageId: 1, dup: false, retain: false });
    expect(await raw.next('puback')).toMatchObject({ messageId: 1, reasonCode: 0x10 });
    raw.socket.destroy();
  });

  it('message expiry is the TTL: an expired message never reaches the returning session', async () => {
    const clientId = uniqueName('expiry');
    const topic = `${clientId}/t`;
    const sub = await mqttConnect(url(), { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 60 } });
    await sub.subscribeAsync(topic, { qos: 1 });
    await sub.endAsync();
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    await pub.publishAsync(topic, 'short', { qos: 1, properties: { messageExpiryInterval: 1 } });
    await pub.publishAsync(topic, 'long', { qos: 1, properties: { messageExpiryInterval: 60 } });
    await sleep(1300); // the first message's TTL passes while the session is away
    const back = await mqttConnect(url(), { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 60 } });
    expect(back.connack.sessionPresent).toBe(true);
    const m = await back.inbox.next();
    expect(m.payload).toBe('long');
    expect(m.packet.properties?.messageExpiryInterval).toBeLessThanOrEqual(60);
    expect(await back.inbox.none()).toEqual([]);
  });

  it('topic aliases: set with a topic, then used with an empty one', async () => {
    const topic = `${uniqueName('alias')}/t`;
    const sub = await mqttConnect(url(), { ...v5, clientId: uniqueName('sub') });
    await sub.subscribeAsync(topic, { qos: 1 });
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    await pub.publishAsync(topic, 'one', { qos: 1, properties: { topicAlias: 3 } });
    await pub.publishAsync('', 'two', { qos: 1, properties: { topicAlias: 3 } });
    expect([(await sub.inbox.next()).topic, (await sub.inbox.next()).topic]).toEqual([topic, topic]);
  });

  it('an unknown topic alias gets DISCONNECT 0x94', async () => {
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    const closed = closedBy(pub);
    pub.publish('', 'lost', { qos: 0, properties: { topicAlias: 9 } });
    expect((await closed).reasonCode).toBe(0x94);
  });

  it('subscription identifiers, no-local and retain-as-published', async () => {
    const root = uniqueName('opts');
    const me = await mqttConnect(url(), { ...v5, clientId: uniqueName('me') });
    await me.subscribeAsync(`${root}/+`, { qos: 1, nl: true, rap: true, properties: { subscriptionIdentifier: 42 } });
    await me.publishAsync(`${root}/mine`, 'own', { qos: 1 });
    const other = await mqttConnect(url(), { ...v5, clientId: uniqueName('other') });
    await other.publishAsync(`${root}/theirs`, 'kept', { qos: 1, retain: true });
    const m = await me.inbox.next();
    expect([m.payload, m.packet.retain, m.packet.properties?.subscriptionIdentifier]).toEqual(['kept', true, 42]);
    expect(await me.inbox.none()).toEqual([]); // its own publish did not come back
  });

  it('retain handling 2 sends no retained messages on subscribe, 1 only for a new subscription', async () => {
    const topic = `${uniqueName('rh')}/t`;
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    await pub.publishAsync(topic, 'state', { qos: 1, retain: true });
    const never = await mqttConnect(url(), { ...v5, clientId: uniqueName('rh2') });
    await never.subscribeAsync(topic, { qos: 1, rh: 2 });
    expect(await never.inbox.none()).toEqual([]);
    const once = await mqttConnect(url(), { ...v5, clientId: uniqueName('rh1') });
    await once.subscribeAsync(topic, { qos: 1, rh: 1 });
    expect((await once.inbox.next()).payload).toBe('state');
    await once.subscribeAsync(topic, { qos: 1, rh: 1 });
    expect(await once.inbox.none()).toEqual([]);
  });

  it('shared subscriptions ($share/group/filter) hand each message to one member of the group', async () => {
    const root = uniqueName('share');
    const a = await mqttConnect(url(), { ...v5, clientId: uniqueName('a') });
    const b = await mqttConnect(url(), { ...v5, clientId: uniqueName('b') });
    const all = await mqttConnect(url(), { ...v5, clientId: uniqueName('all') });
    await a.subscribeAsync(`$share/workers/${root}/+`, { qos: 1 });
    await b.subscribeAsync(`$share/workers/${root}/+`, { qos: 1 });
    await all.subscribeAsync(`${root}/+`, { qos: 1 });
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    for (let i = 0; i < 4; i++) await pub.publishAsync(`${root}/job`, `j${i}`, { qos: 1 });
    for (let i = 0; i < 4; i++) await all.inbox.next();
    await a.inbox.none();
    const got = [...a.inbox.all, ...b.inbox.all].map((m) => m.payload).sort();
    expect(got).toEqual(['j0', 'j1', 'j2', 'j3']);
    expect(a.inbox.all.length).toBeGreaterThan(0);
    expect(b.inbox.all.length).toBeGreaterThan(0);
    expect(a.inbox.all[0].topic).toBe(`${root}/job`);
  });

  it('a persistent session keeps its shared subscriptions across a reconnect; a clean start drops them', async () => {
    const root = uniqueName('keepshare');
    const clientId = uniqueName('member');
    const persistent = { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 300 } };
    const first = await mqttConnect(url(), persistent);
    await first.subscribeAsync(`$share/g/${root}/+`, { qos: 1 });
    await first.endAsync();
    const again = await mqttConnect(url(), persistent);
    expect(again.connack.sessionPresent).toBe(true);
    const pub = await mqttConnect(url(), { ...v5, clientId: uniqueName('pub') });
    await pub.publishAsync(`${root}/job`, 'kept', { qos: 1 });
    expect((await again.inbox.next()).payload).toBe('kept');
    await again.endAsync();
    const fresh = await mqttConnect(url(), { ...v5, clientId, clean: true });
    await pub.publishAsync(`${root}/job`, 'dropped', { qos: 1 });
    expect(await fresh.inbox.none()).toEqual([]);
  });

  it('a taken-over connection gets DISCONNECT 0x8E', async () => {
    const clientId = uniqueName('take');
    const first = await mqttConnect(url(), { ...v5, clientId });
    const closed = closedBy(first);
    await mqttConnect(url(), { ...v5, clientId });
    expect((await closed).reasonCode).toBe(0x8e);
  });

  it('a client silent past 1.5 times its keep-alive gets DISCONNECT 0x8D', async () => {
    const raw = await rawSession(url(), 5, uniqueName('silent'), 1);
    await within(raw.closed, 4000, 'the keep-alive close');
    expect(await raw.next('disconnect')).toMatchObject({ reasonCode: 0x8d });
  });

  it('a will with a delay waits it out, and a reconnect within it cancels it', async () => {
    const topic = `${uniqueName('delay')}/status`;
    const watcher = await mqttConnect(url(), { ...v5, clientId: uniqueName('watch') });
    await watcher.subscribeAsync(topic, { qos: 1 });
    const will = { topic, payload: Buffer.from('gone'), qos: 1 as const, retain: false, properties: { willDelayInterval: 1 } };
    const back = uniqueName('back');
    (await mqttConnect(url(), { ...v5, clientId: back, will })).stream.destroy();
    await sleep(200);
    await mqttConnect(url(), { ...v5, clientId: back }); // back in time: no will
    const lost = await mqttConnect(url(), { ...v5, clientId: uniqueName('lost'), will });
    lost.stream.destroy();
    expect(await watcher.inbox.none(500)).toEqual([]);
    const m = await watcher.inbox.next(3000);
    expect(m.payload).toBe('gone');
    expect(await watcher.inbox.none(1200)).toEqual([]);
  });

  // found by the fuzzer (main/fuzz): 2^32-1 s is past a Node timer's range, which fires it after 1 ms
  it('a will delay of 2^32-1 s is waited out, not sent at once', async () => {
    const topic = `${uniqueName('forever')}/status`;
    const watcher = await mqttConnect(url(), { ...v5, clientId: uniqueName('watch') });
    await watcher.subscribeAsync(topic, { qos: 1 });
    const clientId = uniqueName('far');
    const will = { topic, payload: Buffer.from('gone'), qos: 1 as const, retain: false, properties: { willDelayInterval: 2 ** 32 - 1 } };
    (await mqttConnect(url(), { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 2 ** 32 - 1 }, will })).stream.destroy();
    expect(await watcher.inbox.none(800)).toEqual([]);
    await mqttConnect(url(), { ...v5, clientId }); // back: the will is cancelled
  });

  it('DISCONNECT 0x04 sends the will; a session expiry of 0 in DISCONNECT ends a persistent session', async () => {
    const clientId = uniqueName('ending');
    const topic = `${clientId}/status`;
    const watcher = await mqttConnect(url(), { ...v5, clientId: uniqueName('watch') });
    await watcher.subscribeAsync(topic, { qos: 1 });
    const c = await mqttConnect(url(), { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 300 }, will: { topic, payload: Buffer.from('bye'), qos: 1, retain: false } });
    await c.subscribeAsync(`${clientId}/in`, { qos: 1 });
    await c.endAsync(false, { reasonCode: 0x04, properties: { sessionExpiryInterval: 0 } });
    expect((await watcher.inbox.next()).payload).toBe('bye');
    const again = await mqttConnect(url(), { ...v5, clientId, clean: false, properties: { sessionExpiryInterval: 300 } });
    expect(again.connack.sessionPresent).toBe(false);
  });

  it('a packet over the limit gets DISCONNECT 0x95 before its body is read', async () => {
    const raw = await rawSession(url(), 5, uniqueName('big'));
    raw.socket.write(Buffer.from([0x30, 0x80, 0x80, 0xe8, 0x5f]));
    await within(raw.closed, 5000, 'the broker to close');
    expect(await raw.next('disconnect')).toMatchObject({ reasonCode: 0x95 });
  });
});

describe.skipIf(againstReference)('MQTT 5 and a stopping broker', () => {
  it('tells each client DISCONNECT 0x8B (server shutting down) and exits 0', async () => {
    const b = await startBroker();
    const c = await mqttConnect(b.mqttUrl, { ...v5, clientId: uniqueName('bye') });
    const closed = closedBy(c);
    expect(await b.stop('SIGTERM')).toBe(0);
    expect((await closed).reasonCode).toBe(0x8b);
  });
});
