// The window's simulated producers and consumers, driven over the UI server's WebSocket as the
// browser UI drives them, watched with a real client (amqplib) and the management API: each is its
// own named connection inside the broker; a rejecting consumer dead-letters, a crash returns the
// unacked messages for redelivery; the window user's permissions decide who may start which.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerSpec, ProducerSpec, SimulatedClient } from '../../shared/model/simulate';
import { count, waitForCount } from '../test-support/queues';
import { pollUntil } from '../test-support/wait';
import { openWindowClient, type WindowClient } from '../test-support/window-client';
import type { ChannelModel } from './amqp-util';
import { uniqueName } from './harness';
import { seg, useManagementClient, type ManagementTarget } from './management-support';

const shared = useManagementClient();
let t: ManagementTarget;
let conn: ChannelModel;
let w: WindowClient;
beforeAll(async () => {
  ({ target: t, conn } = shared);
  w = await openWindowClient(t.base, 'guest', 'guest');
  return () => w.close();
});

const producer = (p: Partial<ProducerSpec> & { exchange: string }): { kind: 'producer'; spec: ProducerSpec } => ({
  kind: 'producer',
  spec: { vhost: '/', keyMode: 'fixed', keys: [''], headers: {}, body: 'message {n}', persistent: false, ttl: null, priority: null, rate: 0, mandatory: false, ...p },
});
const consumer = (c: Partial<ConsumerSpec> & { queue: string }): { kind: 'consumer'; spec: ConsumerSpec } => ({
  kind: 'consumer',
  spec: { vhost: '/', prefetch: 10, ack: 'manual', workMinMs: 0, workMaxMs: 0, nackChance: 0, rejectChance: 0, requeue: false, priority: null, exclusive: false, ...c },
});
const listed = async (who: WindowClient, id: string): Promise<SimulatedClient | undefined> =>
  (await who.value<SimulatedClient[]>('listSimulated', {})).find((c) => c.id === id);
const connectionNames = async (): Promise<string[]> =>
  ((await t.call('GET', '/api/connections')).json as Array<{ client_properties?: { connection_name?: string } }>).map((c) => c.client_properties?.connection_name ?? '');

describe('simulated clients in the window', () => {
  it('a consumer that rejects without requeue dead-letters what a producer publishes into the DLQ', async () => {
    const ch = await conn.createChannel();
    const work = uniqueName('simw-work');
    const dlq = uniqueName('simw-dlq');
    const dlx = uniqueName('simw-dlx');
    await ch.assertExchange(dlx, 'fanout');
    await ch.assertQueue(dlq);
    await ch.bindQueue(dlq, dlx, '');
    await ch.assertQueue(work, { arguments: { 'x-dead-letter-exchange': dlx } });
    const p = await w.value<SimulatedClient>('startSimulated', producer({ exchange: '', keys: [work], rate: 20, body: 'job {n} to {key}' }));
    const c = await w.value<SimulatedClient>('startSimulated', consumer({ queue: work, prefetch: 5, workMinMs: 5, workMaxMs: 20, rejectChance: 1 }));
    expect(p).toMatchObject({ kind: 'producer', name: expect.stringMatching(/^simulated producer \d+$/), state: 'running', error: null });
    expect(c).toMatchObject({ kind: 'consumer', name: expect.stringMatching(/^simulated consumer \d+$/), state: 'running' });
    await pollUntil(() => count(ch, dlq), (n) => n >= 10, { what: '10 dead letters', ms: 15_000 });
    const got = await ch.get(dlq, { noAck: true });
    if (!got) throw new Error('no dead letter');
    expect(got.content.toString()).toMatch(new RegExp(`^job \\d+ to ${work}$`));
    expect((got.properties.headers?.['x-death'] as Array<{ reason: string; queue: string }>)[0]).toMatchObject({ reason: 'rejected', queue: work });
    const counted = await listed(w, c.id);
    expect(counted!.counts.rejected).toBeGreaterThanOrEqual(10);
    expect(counted!.counts.acked).toBe(0);
    expect((await listed(w, p.id))!.counts.published).toBeGreaterThanOrEqual(10);
    await w.value('stopSimulated', { id: p.id });
    await w.value('stopSimulated', { id: c.id });
    expect(await listed(w, c.id)).toBeUndefined();
  });

  it('each is its own connection, named, in /api/connections, gone when stopped; one click publishes one message', async () => {
    const ch = await conn.createChannel();
    const q = uniqueName('simw-one');
    await ch.assertQueue(q);
    const p = await w.value<SimulatedClient>('startSimulated', producer({ exchange: '', keys: [q] }));
    expect(await connectionNames()).toContain(p.name);
    // the broker says which of its connections it is: the window draws the client there
    const conns = await w.value<Array<{ id: string; clientProperties: { connection_name?: string } }>>('listConnections', { vhost: '/' });
    expect(conns.find((x) => x.id === p.connectionId)?.clientProperties.connection_name).toBe(p.name);
    expect(await count(ch, q)).toBe(0); // rate 0: nothing until asked
    await w.value('publishSimulated', { id: p.id });
    await w.value('publishSimulated', { id: p.id });
    await waitForCount(ch, q, 2);
    await w.value('stopSimulated', { id: p.id });
    await pollUntil(connectionNames, (names) => !names.includes(p.name), { what: 'the connection to go' });
    expect((await w.invoke('publishSimulated', { id: p.id })).ok).toBe(false);
  });

  it('a crash drops the connection with its unacked messages: they go back to the queue, redelivered', async () => {
    const ch = await conn.createChannel();
    const q = uniqueName('simw-crash');
    await ch.assertQueue(q);
    for (let i = 0; i < 3; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
    // a minute's work each: all three are held unacked when it crashes
    const c = await w.value<SimulatedClient>('startSimulated', consumer({ queue: q, prefetch: 3, workMinMs: 60_000, workMaxMs: 60_000 }));
    await pollUntil(() => listed(w, c.id), (x) => x?.counts.received === 3, { what: '3 messages received', ms: 10_000 });
    expect(await count(ch, q)).toBe(0);
    const crashed = await w.value<SimulatedClient>('crashSimulated', { id: c.id });
    expect(crashed).toMatchObject({ state: 'crashed', connectionId: null });
    await waitForCount(ch, q, 3, 10_000);
    const again = await ch.get(q, { noAck: true });
    expect(again && again.fields.redelivered).toBe(true);
    expect((await listed(w, c.id))!.state).toBe('crashed'); // listed until stopped
    await w.value('stopSimulated', { id: c.id });
  });

  it('a consumer whose queue is deleted fails, saying why, and closes its connection', async () => {
    const ch = await conn.createChannel();
    const q = uniqueName('simw-gone');
    await ch.assertQueue(q);
    const c = await w.value<SimulatedClient>('startSimulated', consumer({ queue: q }));
    await ch.deleteQueue(q);
    const failed = await pollUntil(() => listed(w, c.id), (x) => x?.state === 'failed', { what: 'the consumer to fail', ms: 10_000 });
    expect(failed!.error).toMatch(/cancelled by the server/i);
    await pollUntil(connectionNames, (names) => !names.includes(c.name), { what: 'its connection to close' });
    await w.value('stopSimulated', { id: c.id });
  });

  it('a producer needs write on its exchange, a consumer read on its queue, as over AMQP; the list shows the user\'s vhosts', async () => {
    const ch = await conn.createChannel();
    const x = uniqueName('simw-x');
    const q = uniqueName('simw-q');
    await ch.assertExchange(x, 'fanout');
    await ch.assertQueue(q);
    const user = uniqueName('learner');
    const vhost = uniqueName('simw-vh');
    expect((await t.call('PUT', `/api/users/${seg(user)}`, { body: { password: 'pw', tags: 'management' } })).status).toBe(201);
    expect((await t.call('PUT', `/api/permissions/%2F/${seg(user)}`, { body: { configure: '.*', write: '^$', read: '.*' } })).status).toBe(201);
    expect((await t.call('PUT', `/api/vhosts/${seg(vhost)}`)).status).toBe(201);
    const learner = await openWindowClient(t.base, user, 'pw');
    try {
      const refused = await learner.invoke('startSimulated', producer({ exchange: x }));
      expect(refused).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: expect.stringContaining(`access to exchange '${x}' in vhost '/' refused for user '${user}'`) } });
      const mine = await learner.value<SimulatedClient>('startSimulated', consumer({ queue: q }));
      expect(mine.state).toBe('running');
      // the administrator's producer: seen (same vhost), but not the learner's to click
      const theirs = await w.value<SimulatedClient>('startSimulated', producer({ exchange: x }));
      expect((await learner.invoke('publishSimulated', { id: theirs.id }))).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
      expect((await learner.invoke('stopSimulated', { id: theirs.id }))).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
      // a vhost the learner has no permissions in: not listed, not usable
      await ch.assertQueue(q); // (the same name in another vhost is another queue)
      const elsewhereQueue = uniqueName('simw-elsewhere');
      expect((await t.call('PUT', `/api/queues/${seg(vhost)}/${seg(elsewhereQueue)}`, { body: {} })).status).toBe(201);
      const hidden = await w.value<SimulatedClient>('startSimulated', consumer({ vhost, queue: elsewhereQueue }));
      const ids = (await learner.value<SimulatedClient[]>('listSimulated', {})).map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(ids).not.toContain(hidden.id);
      expect(await learner.invoke('crashSimulated', { id: hidden.id })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: `user '${user}' has no access to vhost '${vhost}'` } });
      for (const id of [mine.id, theirs.id, hidden.id]) await w.value('stopSimulated', { id });
    } finally {
      await learner.close();
    }
  });

  it("works as fast as its vhost's sandbox clock: 6 s of processing at ×60 takes about 100 ms", async () => {
    const vhost = uniqueName('simw-clock');
    await t.call('PUT', `/api/vhosts/${seg(vhost)}`, { body: {} });
    await t.call('PUT', `/api/permissions/${seg(vhost)}/guest`, { body: { configure: '.*', write: '.*', read: '.*' } });
    try {
      await w.value('setVhostClock', { vhost, scale: 60 });
      const q = uniqueName('simw-paced');
      expect((await t.call('PUT', `/api/queues/${seg(vhost)}/${seg(q)}`, { body: {} })).status).toBe(201);
      const c = await w.value<SimulatedClient>('startSimulated', consumer({ vhost, queue: q, workMinMs: 6000, workMaxMs: 6000 }));
      const p = await w.value<SimulatedClient>('startSimulated', producer({ vhost, exchange: '', keys: [q] }));
      const started = performance.now();
      await w.value('publishSimulated', { id: p.id });
      await pollUntil(async () => (await listed(w, c.id))!.counts.acked, (n) => n === 1, { what: 'the ack', ms: 4000 });
      // at ×1 this would be 6 s; the poll above gives up at 4 s
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      for (const id of [p.id, c.id]) await w.value('stopSimulated', { id });
    } finally {
      await t.call('DELETE', `/api/vhosts/${seg(vhost)}`);
    }
  });

  it('says which field is wrong, and what does not exist', async () => {
    const bad = await w.invoke('startSimulated', producer({ exchange: 'amq.direct', rate: -1 }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'startSimulated: spec.rate: rate must not be negative' } });
    const chances = await w.invoke('startSimulated', consumer({ queue: 'q', nackChance: 0.6, rejectChance: 0.6 }));
    expect(chances).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'startSimulated: spec.rejectChance: nackChance and rejectChance add up to more than 1' } });
    const work = await w.invoke('startSimulated', consumer({ queue: 'q', workMinMs: 300, workMaxMs: 100 }));
    expect(work).toMatchObject({ ok: false, error: { message: 'startSimulated: spec.workMaxMs: workMaxMs must not be below workMinMs' } });
    const noQueue = await w.invoke('startSimulated', consumer({ queue: uniqueName('nowhere') }));
    expect(noQueue).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^no queue 'nowhere.*' in vhost '\/'$/) } });
    expect(await w.invoke('stopSimulated', { id: 'sim-999999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.invoke('stopSimulated', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'stopSimulated: id: not a simulated client id' } });
  });
});
