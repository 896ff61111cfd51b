// Retained messages (per vhost, for new subscriptions, deleted by an empty payload), the last will
// (on an abnormal close only), and what survives a restart: retained messages and persistent
// sessions with their QoS 1 messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { againstReference, mqttConnect, rawSession } from './mqtt-support';
import { useTempDirs } from '../test-support/tmp-dir';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

describe('retained messages', () => {
  it('go to new subscriptions with the retain flag, to existing ones without it, until an empty payload deletes them', async () => {
    const topic = `${uniqueName('retained')}/state`;
    const early = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('early') });
    await early.subscribeAsync(topic, { qos: 1 });
    const pub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('pub') });
    await pub.publishAsync(topic, 'open', { qos: 1, retain: true });
    const live = await early.inbox.next();
    expect([live.payload, live.packet.retain]).toEqual(['open', false]);
    const late = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('late') });
    await late.subscribeAsync(topic, { qos: 1 });
    const kept = await late.inbox.next();
    expect([kept.topic, kept.payload, kept.packet.retain, kept.packet.qos]).toEqual([topic, 'open', true, 1]);
    await pub.publishAsync(topic, '', { qos: 1, retain: true });
    const later = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('later') });
    await later.subscribeAsync(topic, { qos: 1 });
    expect(await later.inbox.none()).toEqual([]);
  });

  // RabbitMQ 3.10's retainer matches exact topics only.
  it.skipIf(againstReference)('match wildcard filters too', async () => {
    const root = uniqueName('retained-wild');
    const pub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('pub') });
    await pub.publishAsync(`${root}/a/temp`, '1', { qos: 0, retain: true });
    await pub.publishAsync(`${root}/b/temp`, '2', { qos: 0, retain: true });
    await pub.publishAsync(`${root}/b/hum`, '3', { qos: 0, retain: true });
    const sub = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('sub') });
    await sub.subscribeAsync(`${root}/+/temp`, { qos: 0 });
    const got = [await sub.inbox.next(), await sub.inbox.next()].map((m) => m.payload).sort();
    expect(got).toEqual(['1', '2']);
    expect(await sub.inbox.none()).toEqual([]);
  });
});

describe('last will', () => {
  it('is published when a client goes without DISCONNECT, and not after one', async () => {
    const topic = `${uniqueName('will')}/status`;
    const watcher = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('watch') });
    await watcher.subscribeAsync(topic, { qos: 1 });
    const polite = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('polite'), will: { topic, payload: Buffer.from('polite gone'), qos: 1, retain: false } });
    await polite.endAsync();
    const lost = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('lost'), will: { topic, payload: Buffer.from('lost'), qos: 1, retain: false } });
    lost.stream.destroy();
    const m = await watcher.inbox.next();
    expect([m.topic, m.payload]).toEqual([topic, 'lost']);
    expect(await watcher.inbox.none()).toEqual([]);
  });
});

describe.skipIf(againstReference)('across a restart', () => {
  const dirs = useTempDirs('mqtt-restart');

  it('keeps retained messages, and persistent sessions with their subscriptions and QoS 1 messages', async () => {
    const dataDir = dirs();
    let b = await startBroker(['--data-dir', dataDir]);
    const clientId = uniqueName('durable');
    const topic = `${clientId}/t`;
    try {
      const sub = await mqttConnect(b.mqttUrl, { clientId, clean: false });
      await sub.subscribeAsync(topic, { qos: 1 });
      await sub.endAsync();
      const pub = await mqttConnect(b.mqttUrl, { clientId: uniqueName('pub') });
      await pub.publishAsync(topic, 'queued', { qos: 1 });
      await pub.publishAsync(`${clientId}/config`, 'kept', { qos: 1, retain: true });
      await pub.endAsync();
      await b.stop();
      b = await startBroker(['--data-dir', dataDir]);
      const back = await mqttConnect(b.mqttUrl, { clientId, clean: false });
      expect(back.connack.sessionPresent).toBe(true);
      expect((await back.inbox.next()).payload).toBe('queued');
      await back.subscribeAsync(`${clientId}/config`, { qos: 1 });
      const r = await back.inbox.next();
      expect([r.payload, r.packet.retain]).toEqual(['kept', true]);
      // the subscription itself came back: new publishes arrive
      const pub2 = await mqttConnect(b.mqttUrl, { clientId: uniqueName('pub') });
      await pub2.publishAsync(topic, 'after', { qos: 1 });
      expect((await back.inbox.next()).payload).toBe('after');
    } finally {
      await b.stop();
    }
  });

  it('keeps a persistent session\'s shared subscriptions and the QoS 2 publishes awaiting PUBREL (exactly once)', async () => {
    const dataDir = dirs();
    let b = await startBroker(['--data-dir', dataDir]);
    const clientId = uniqueName('kept5');
    const root = uniqueName('k5');
    const persistent = { protocolVersion: 5 as const, clientId, clean: false, properties: { sessionExpiryInterval: 600 } };
    try {
      const member = await mqttConnect(b.mqttUrl, persistent);
      await member.subscribeAsync(`$share/g/${root}/+`, { qos: 1 });
      await member.subscribeAsync(`${root}/exact`, { qos: 2 });
      await member.endAsync();
      // A QoS 2 publish routed and PUBREC'd, but not yet released, when the broker stops.
      const q2Id = uniqueName('q2pub');
      const resume = { clean: false, properties: { sessionExpiryInterval: 600 } };
      const rawPub = await rawSession(b.mqttUrl, 5, q2Id, 30, resume);
      rawPub.send({ cmd: 'publish', topic: `${root}/exact`, payload: Buffer.from('once'), qos: 2, messageId: 7, retain: false, dup: false });
      await rawPub.next('pubrec');
      rawPub.socket.destroy();
      await b.stop();
      b = await startBroker(['--data-dir', dataDir]);
      const again = await rawSession(b.mqttUrl, 5, q2Id, 30, resume);
      again.send({ cmd: 'publish', topic: `${root}/exact`, payload: Buffer.from('once'), qos: 2, messageId: 7, retain: false, dup: true });
      await again.next('pubrec');
      again.send({ cmd: 'pubrel', messageId: 7 });
      await again.next('pubcomp');
      const back = await mqttConnect(b.mqttUrl, persistent);
      expect(back.connack.sessionPresent).toBe(true);
      const pub = await mqttConnect(b.mqttUrl, { protocolVersion: 5, clientId: uniqueName('pub') });
      await pub.publishAsync(`${root}/job`, 'shared', { qos: 1 });
      const got = [(await back.inbox.next()).payload, (await back.inbox.next()).payload].sort();
      expect(got).toEqual(['once', 'shared']);
      expect(await back.inbox.none()).toEqual([]); // 'once' was routed once, not again after the restart
    } finally {
      await b.stop();
    }
  });
});

