// MQTT logins with the broker's users, vhosts and permissions, as RabbitMQ's MQTT plugin checks
// them: CONNACK's codes for bad credentials and refused vhosts, the "vhost:user" username form,
// and topic permissions on publish and subscribe.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { againstReference, closedBy, mqttConnect } from './mqtt-support';
import { useTempDirs } from '../test-support/tmp-dir';

let broker: TestBroker;
const tempDir = useTempDirs('mqtt-auth', { keep: 'file' });
beforeAll(async () => {
  const file = join(tempDir(), 'definitions.json');
  writeFileSync(file, JSON.stringify({
    users: [{ name: 'guest', password: 'guest', tags: 'administrator' }, { name: 'alice', password: 'wonder', tags: '' }],
    vhosts: [{ name: '/' }, { name: 'garden' }],
    permissions: [
      { user: 'guest', vhost: '/', configure: '.*', write: '.*', read: '.*' },
      { user: 'alice', vhost: 'garden', configure: '.*', write: '.*', read: '.*' },
    ],
    topic_permissions: [{ user: 'alice', vhost: 'garden', exchange: 'amq.topic', write: '^sensors\\.', read: '^sensors\\.' }],
  }));
  broker = await startBroker(againstReference ? [] : ['--definitions', file]);
});
afterAll(async () => { await broker?.stop(); });

describe('MQTT logins', () => {
  it('refuses a bad password with CONNACK 4 (3.1.1) and 0x86 (MQTT 5)', async () => {
    await expect(mqttConnect(broker.mqttUrl, { clientId: uniqueName('bad'), username: 'guest', password: 'nope' })).rejects.toMatchObject({ code: 4 });
    if (!againstReference) {
      await expect(mqttConnect(broker.mqttUrl, { clientId: uniqueName('bad5'), username: 'guest', password: 'nope', protocolVersion: 5 })).rejects.toMatchObject({ code: 0x86 });
    }
  });

  it.skipIf(againstReference)("logs in to the vhost a 'vhost:user' username names, and refuses one without permissions (CONNACK 5)", async () => {
    const alice = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('alice'), username: 'garden:alice', password: 'wonder' });
    await alice.subscribeAsync('sensors/+', { qos: 1 });
    const guest = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('guest') });
    await guest.subscribeAsync('sensors/+', { qos: 1 });
    await alice.publishAsync('sensors/soil', 'dry', { qos: 1 });
    expect((await alice.inbox.next()).payload).toBe('dry');
    expect(await guest.inbox.none()).toEqual([]); // another vhost
    await expect(mqttConnect(broker.mqttUrl, { clientId: uniqueName('alice'), username: 'alice', password: 'wonder' })).rejects.toMatchObject({ code: 5 });
  });

  it.skipIf(againstReference)('checks topic permissions: SUBACK 0x80 for a filter it may not read, a closed connection for a topic it may not write', async () => {
    const alice = await mqttConnect(broker.mqttUrl, { clientId: uniqueName('alice'), username: 'garden:alice', password: 'wonder' });
    // mqtt.js rejects a SUBACK with a failure, and keeps the packet on the error
    const refused = await alice.subscribeAsync({ 'sensors/#': { qos: 1 }, 'secrets/#': { qos: 1 } }).catch((e: { packet?: { granted: number[] } }) => e);
    expect((refused as { packet?: { granted: number[] } }).packet?.granted).toEqual([1, 0x80]);
    const closed = closedBy(alice);
    alice.publish('secrets/plan', 'x', { qos: 1 });
    await closed;
  });
});
