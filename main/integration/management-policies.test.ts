// Policies and operator policies over the management HTTP API, and what they do to queues and
// exchanges that AMQP clients use: precedence, operator caps, arguments against policies, changes
// applied to existing queues, dead-lettering and alternate exchanges set by policy. Written against
// RabbitMQ 3.10.8 first (WARREN_TEST_MGMT_URL, see management-api.test.ts).
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, drain, waitForCount } from '../test-support/queues';
import { pollUntil, sleep } from '../test-support/wait';
import { uniqueName } from './harness';
import { seg, startManagement, type ManagementTarget } from './management-support';

let t: ManagementTarget;
let vh: string;
let V: string;
let conn: ChannelModel;
let ch: Channel;
const usersMade: string[] = [];

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('pol');
  V = seg(vh);
  expect((await t.call('PUT', `/api/vhosts/${V}`)).status).toBe(201);
  conn = await amqp.connect(t.amqpUrl(vh));
  ch = await conn.createChannel();
});
afterAll(async () => {
  await conn?.close();
  await t.call('DELETE', `/api/vhosts/${V}`);
  for (const u of usersMade) await t.call('DELETE', `/api/users/${seg(u)}`);
  await t.stop();
});

const policy = (name: string, body: unknown, kind = 'policies') => t.call('PUT', `/api/${kind}/${V}/${seg(name)}`, { body });
const remove = (name: string, kind = 'policies') => t.call('DELETE', `/api/${kind}/${V}/${seg(name)}`);
const publishN = (q: string, n: number, prefix = 'm'): void => {
  for (let i = 1; i <= n; i++) ch.sendToQueue(q, Buffer.from(`${prefix}${i}`));
};
/** The queue's policy fields once the broker shows them (RabbitMQ's stats lag a few seconds). */
const policyFields = (q: string, done: (j: Record<string, unknown>) => boolean) => pollUntil(
  async () => (await t.call('GET', `/api/queues/${V}/${seg(q)}?columns=policy,operator_policy,effective_policy_definition`)).json,
  done, { what: `the policy of ${q}`, ms: 15_000, stepMs: 200 },
);

describe('policy resources', () => {
  it('creates (201), updates (204), shows, lists, deletes (204, then 404)', async () => {
    expect((await policy('crud', { pattern: '^crud', definition: { 'max-length': 10 } })).status).toBe(201);
    expect((await policy('crud', { pattern: '^crud', definition: { 'max-length': 11 }, priority: 3, 'apply-to': 'queues' })).status).toBe(204);
    const shown = { vhost: vh, name: 'crud', pattern: '^crud', 'apply-to': 'queues', definition: { 'max-length': 11 }, priority: 3 };
    expect((await t.call('GET', `/api/policies/${V}/crud`)).json).toEqual(shown);
    expect((await t.call('GET', `/api/policies/${V}`)).json).toEqual([shown]);
    expect((await t.call('GET', '/api/policies')).json).toContainEqual(shown);
    expect((await remove('crud')).status).toBe(204);
    expect((await t.call('GET', `/api/policies/${V}/crud`)).status).toBe(404);
    expect((await remove('crud')).status).toBe(404);
    expect((await t.call('GET', `/api/policies/${seg(uniqueName('none'))}`)).status).toBe(404);
  });

  it("refuses what RabbitMQ refuses, with its validation texts", async () => {
    const fails = async (body: unknown, reason: string, kind = 'policies') => {
      const r = await policy('bad', body, kind);
      expect([r.status, r.json]).toEqual([400, { error: 'bad_request', reason }]);
    };
    await fails({ pattern: 'x', definition: { nonsense: 1 } }, 'Validation failed\n\n[{&lt;&lt;"nonsense"&gt;&gt;,1}] are not recognised policy settings\n');
    await fails({ pattern: 'x', definition: { 'message-ttl': 'x' } }, 'Validation failed\n\n&lt;&lt;"x"&gt;&gt; is not a valid message TTL\n');
    await fails({ pattern: 'x', definition: { 'max-length': -1 } }, 'Validation failed\n\n-1 is not a valid maximum length\n');
    await fails({ pattern: 'x', definition: { 'max-length': 1 }, 'apply-to': 'classic_queues' },
      "Validation failed\n\napply-to 'classic_queues' unrecognised; should be 'queues', 'exchanges' or 'all'\n");
    await fails({ pattern: 'x', definition: {} }, 'Validation failed\n\nno policy provided\n');
    await fails({ pattern: 'x', definition: { 'max-length': 1 }, priority: '5' }, 'Validation failed\n\npriority should be a number, actually was &lt;&lt;"5"&gt;&gt;\n');
    await fails({ definition: { 'max-length': 1 } }, '[{key_missing,pattern}]');
    await fails({ pattern: 'x', definition: { 'ha-mode': 'all' } }, 'Validation failed\n\n[{<<"ha-mode">>,<<"all">>}] are not recognised policy settings\n', 'operator-policies');
    expect((await t.call('PUT', `/api/policies/${seg(uniqueName('none'))}/p`, { body: { pattern: 'x', definition: { 'max-length': 1 } } })).json)
      .toEqual({ error: 'not_found', reason: 'vhost_not_found' });
  });

  it('accepts keys RabbitMQ knows that Warren cannot honour (ha-mode, queue-mode)', async () => {
    expect((await policy('ha', { pattern: '^nothing-matches$', definition: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic', 'queue-mode': 'lazy' } })).status).toBe(201);
    expect((await remove('ha')).status).toBe(204);
  });

  it('policymakers manage the policies of vhosts they have permissions in; management users only read them', async () => {
    const pm = uniqueName('pm');
    const mg = uniqueName('mg');
    usersMade.push(pm, mg);
    await t.call('PUT', `/api/users/${seg(pm)}`, { body: { password: 'pw', tags: 'policymaker' } });
    await t.call('PUT', `/api/users/${seg(mg)}`, { body: { password: 'pw', tags: 'management' } });
    for (const u of [pm, mg]) await t.call('PUT', `/api/permissions/${V}/${seg(u)}`, { body: { configure: '.*', write: '.*', read: '.*' } });
    const body = { pattern: '^pm', definition: { 'max-length': 1 } };
    expect((await t.call('PUT', `/api/policies/${V}/pm`, { body, auth: [pm, 'pw'] })).status).toBe(201);
    expect((await t.call('GET', '/api/policies', { auth: [pm, 'pw'] })).json.map((p: { name: string }) => p.name)).toEqual(['pm']);
    const refused = { error: 'not_authorised', reason: 'User not authorised to access object' };
    expect((await t.call('PUT', `/api/policies/${V}/mg`, { body, auth: [mg, 'pw'] })).json).toEqual(refused);
    expect((await t.call('GET', `/api/policies/${V}/pm`, { auth: [mg, 'pw'] })).json).toEqual(refused);
    expect((await t.call('GET', `/api/policies/${V}`, { auth: [mg, 'pw'] })).json).toHaveLength(1); // lists need management only
    expect((await t.call('PUT', '/api/policies/%2F/pm', { body, auth: [pm, 'pw'] })).json).toEqual(refused);
    expect((await t.call('PUT', `/api/operator-policies/${V}/pm`, { body, auth: [pm, 'pw'] })).json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
    expect((await t.call('DELETE', `/api/policies/${V}/pm`, { auth: [pm, 'pw'] })).status).toBe(204);
  });
});

describe('what applies', () => {
  it('the higher priority policy applies; operator policies cap it; the queue shows both and the merge', async () => {
    await policy('wide', { pattern: '^prec', definition: { 'max-length': 7 }, priority: 1 });
    await policy('narrow', { pattern: '^prec-a', definition: { 'max-length': 5, 'message-ttl': 60_000 }, priority: 2, 'apply-to': 'queues' });
    await policy('cap', { pattern: '^prec', definition: { 'max-length': 2, 'message-ttl': 120_000 }, 'apply-to': 'queues' }, 'operator-policies');
    await ch.assertQueue('prec-a');
    await ch.assertQueue('prec-b', { arguments: { 'x-max-length': 1 } });
    expect(await policyFields('prec-a', (j) => j.operator_policy === 'cap')).toEqual({
      policy: 'narrow', operator_policy: 'cap', effective_policy_definition: { 'max-length': 2, 'message-ttl': 60_000 },
    });
    expect(await policyFields('prec-b', (j) => j.operator_policy === 'cap')).toMatchObject({ policy: 'wide', operator_policy: 'cap' });
    publishN('prec-a', 4);
    publishN('prec-b', 4);
    await waitForCount(ch, 'prec-a', 2);
    await waitForCount(ch, 'prec-b', 1); // the argument is lower than both policies
    expect((await drain(ch, 'prec-a')).map((m) => m.content.toString())).toEqual(['m3', 'm4']);
    for (const n of ['wide', 'narrow']) await remove(n);
    await remove('cap', 'operator-policies');
  });

  it('a queue argument higher than the policy loses (min); a policy set later caps the queue at once; deleting it lifts the limit', async () => {
    await ch.assertQueue('later', { arguments: { 'x-max-length': 100 } });
    publishN('later', 5);
    await waitForCount(ch, 'later', 5);
    expect((await policy('later', { pattern: '^later$', definition: { 'max-length': 3 } })).status).toBe(201);
    await waitForCount(ch, 'later', 3);
    publishN('later', 1, 'n');
    await sleep(50);
    expect(await count(ch, 'later')).toBe(3);
    await remove('later');
    await policyFields('later', (j) => j.policy === null);
    publishN('later', 2, 'k');
    await waitForCount(ch, 'later', 5);
  });

  it('a message TTL set by policy expires messages arriving after it; the lower queue argument still wins', async () => {
    await ch.assertQueue('ttl-p');
    await ch.assertQueue('ttl-arg', { arguments: { 'x-message-ttl': 100 } });
    await policy('ttl', { pattern: '^ttl-', definition: { 'message-ttl': 300 }, 'apply-to': 'queues' });
    await policyFields('ttl-p', (j) => j.policy === 'ttl');
    publishN('ttl-p', 1, 'new');
    publishN('ttl-arg', 1, 'new');
    await sleep(150);
    expect(await count(ch, 'ttl-arg')).toBe(0); // 100 ms from the argument
    expect(await count(ch, 'ttl-p')).toBe(1);
    await sleep(300);
    expect(await count(ch, 'ttl-p')).toBe(0);
    await remove('ttl');
  });

  // The issue asks for it and RabbitMQ's TTL guide says a TTL policy applies retroactively (the
  // messages go as they reach the head); RabbitMQ 3.10.8's classic queues keep each message's
  // expiry from its arrival, so this one is Warren's alone.
  it.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('a lower TTL set by policy expires the messages already queued that are now too old', async () => {
    await ch.assertQueue('retro-ttl');
    publishN('retro-ttl', 2, 'old');
    await waitForCount(ch, 'retro-ttl', 2);
    await sleep(700);
    publishN('retro-ttl', 1, 'young');
    await waitForCount(ch, 'retro-ttl', 3);
    await policy('retro', { pattern: '^retro-ttl$', definition: { 'message-ttl': 600 }, 'apply-to': 'queues' });
    await waitForCount(ch, 'retro-ttl', 1); // the two old ones at once
    expect((await drain(ch, 'retro-ttl')).map((m) => m.content.toString())).toEqual(['young1']);
    await remove('retro');
  });

  it('a dead-letter exchange set by policy receives the dead letters', async () => {
    await ch.assertExchange('pdlx', 'fanout', { durable: false });
    await ch.assertQueue('pdlx-sink');
    await ch.bindQueue('pdlx-sink', 'pdlx', '');
    await ch.assertQueue('dl-src');
    await policy('dl', { pattern: '^dl-src$', definition: { 'dead-letter-exchange': 'pdlx', 'max-length': 1 } });
    await policyFields('dl-src', (j) => j.policy === 'dl');
    publishN('dl-src', 3);
    await waitForCount(ch, 'pdlx-sink', 2);
    const dead = await drain(ch, 'pdlx-sink');
    expect(dead.map((m) => [m.content.toString(), m.properties.headers?.['x-first-death-reason']])).toEqual([['m1', 'maxlen'], ['m2', 'maxlen']]);
    await remove('dl');
  });

  it('an alternate exchange set by policy takes what the exchange cannot route; the exchange names its policy', async () => {
    await ch.assertExchange('ae', 'fanout', { durable: false });
    await ch.assertQueue('ae-sink');
    await ch.bindQueue('ae-sink', 'ae', '');
    await ch.assertExchange('routed', 'direct', { durable: false });
    await policy('ae', { pattern: '^routed$', definition: { 'alternate-exchange': 'ae' }, 'apply-to': 'exchanges' });
    const x = await pollUntil(async () => (await t.call('GET', `/api/exchanges/${V}/routed`)).json, (j) => j.policy === 'ae', { ms: 15_000, stepMs: 200 });
    expect(x).not.toHaveProperty('operator_policy');
    ch.publish('routed', 'nowhere', Buffer.from('lost'));
    await waitForCount(ch, 'ae-sink', 1);
    await remove('ae');
  });
});
