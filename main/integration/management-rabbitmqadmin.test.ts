// rabbitmqadmin (RabbitMQ's own management CLI, Debian's /usr/bin/rabbitmqadmin) against Warren:
// the commands operators type most, checked by their JSON output. Skipped where it is not installed.
// WARREN_TEST_MGMT_URL runs it against another broker (see management-support.ts).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/wait';
import { closeAll, connect } from './amqp-util';
import { uniqueName } from './harness';
import { connectionName, seg, startManagement, type ManagementTarget } from './management-support';

const RABBITMQADMIN = '/usr/bin/rabbitmqadmin';
const PYTHON = '/usr/bin/python3';

let t: ManagementTarget;
let vh: string;

beforeAll(async () => {
  t = await startManagement();
  vh = uniqueName('admin');
});
afterAll(async () => {
  await closeAll();
  await t.call('DELETE', `/api/vhosts/${seg(vh)}`);
  await t.stop();
});

function admin(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const u = new URL(t.base);
  const conn = ['-H', u.hostname, '-P', u.port, '-u', t.admin[0], '-p', t.admin[1], '-V', vh];
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [RABBITMQADMIN, ...conn, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rabbitmqadmin ${args.join(' ')} timed out`)); }, 20_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await admin(...args);
  expect(r.code, `rabbitmqadmin ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout;
}

const json = async (...args: string[]): Promise<Array<Record<string, unknown>>> => JSON.parse(await ok('-f', 'raw_json', ...args));

describe.skipIf(!existsSync(RABBITMQADMIN) || !existsSync(PYTHON))('rabbitmqadmin', () => {
  it('declares, lists, publishes, gets, purges and deletes', async () => {
    await ok('declare', 'vhost', `name=${vh}`);
    expect((await json('list', 'vhosts', 'name')).map((v) => v.name)).toContain(vh);
    expect(await ok('declare', 'queue', 'name=tasks', 'durable=false')).toMatch(/queue declared/);
    expect(await ok('declare', 'exchange', 'name=events', 'type=topic')).toMatch(/exchange declared/);
    expect(await ok('declare', 'binding', 'source=events', 'destination=tasks', 'routing_key=task.*')).toMatch(/binding declared/);
    expect((await json('list', 'exchanges', 'name', 'type')).find((x) => x.name === 'events')).toEqual({ name: 'events', type: 'topic' });
    expect(await json('list', 'bindings', 'source', 'destination', 'routing_key')).toContainEqual({ source: 'events', destination: 'tasks', routing_key: 'task.*' });
    expect(await ok('publish', 'exchange=events', 'routing_key=task.one', 'payload=first')).toMatch(/Message published/);
    expect(await ok('publish', 'exchange=events', 'routing_key=other', 'payload=lost')).toMatch(/Message published but NOT routed/);
    expect(await ok('publish', 'exchange=amq.default', 'routing_key=tasks', 'payload=second')).toMatch(/Message published/);
    const peek = await json('get', 'queue=tasks', 'count=5', 'ackmode=ack_requeue_true');
    expect(peek.map((m) => m.payload)).toEqual(['first', 'second']);
    expect((await json('list', 'queues', 'name')).map((q) => q.name)).toContain('tasks');
    const taken = await json('get', 'queue=tasks', 'ackmode=ack_requeue_false');
    expect(taken).toMatchObject([{ payload: 'first', redelivered: true }]);
    expect(await ok('purge', 'queue', 'name=tasks')).toMatch(/queue purged/);
    expect(await json('get', 'queue=tasks', 'ackmode=ack_requeue_false')).toEqual([]);
    expect(await ok('delete', 'binding', 'source=events', 'destination=tasks', 'destination_type=queue', 'properties_key=task.*')).toMatch(/binding deleted/);
    expect(await ok('delete', 'queue', 'name=tasks')).toMatch(/queue deleted/);
    expect((await json('list', 'queues', 'name')).map((q) => q.name)).not.toContain('tasks');
    expect(await ok('delete', 'exchange', 'name=events')).toMatch(/exchange deleted/);
  });

  it('declares, lists and deletes policies and operator policies', async () => {
    await ok('declare', 'policy', 'name=rq-cap', 'pattern=^rq', 'definition={"max-length":2,"ha-mode":"all"}', 'apply-to=queues', 'priority=1');
    await ok('declare', 'operator_policy', 'name=rq-op', 'pattern=^rq', 'definition={"max-length":1}');
    const mine = async (what: string) => (await json('list', what)).filter((p) => p.vhost === vh);
    expect(await mine('policies')).toEqual([{ vhost: vh, name: 'rq-cap', pattern: '^rq', 'apply-to': 'queues', definition: { 'max-length': 2, 'ha-mode': 'all' }, priority: 1 }]);
    expect((await mine('operator_policies')).map((p) => p.name)).toEqual(['rq-op']);
    const bad = await admin('declare', 'policy', 'name=bad', 'pattern=x', 'definition={"nonsense":1}');
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('are not recognised policy settings');
    await ok('delete', 'policy', 'name=rq-cap');
    await ok('delete', 'operator_policy', 'name=rq-op');
    expect(await mine('policies')).toEqual([]);
  });

  it('manages users and permissions and shows the overview', async () => {
    const user = uniqueName('cli');
    await ok('declare', 'vhost', `name=${vh}`);
    expect(await ok('declare', 'user', `name=${user}`, 'password=pw', 'tags=monitoring')).toMatch(/user declared/);
    expect(await ok('declare', 'permission', `vhost=${vh}`, `user=${user}`, 'configure=.*', 'write=.*', 'read=.*')).toMatch(/permission declared/);
    expect((await json('list', 'users', 'name', 'tags')).find((u) => u.name === user)).toMatchObject({ name: user });
    expect(await json('list', 'permissions', 'user', 'vhost')).toContainEqual({ user, vhost: vh });
    expect(await ok('delete', 'user', `name=${user}`)).toMatch(/user deleted/);
    const overview = await ok('show', 'overview');
    expect(overview).toMatch(/rabbitmq_version/);
    const failed = await admin('declare', 'queue', 'name=x', 'arguments={"x-max-length":"no"}');
    expect(failed.code).not.toBe(0);
  });

  it('exports and imports a vhost\'s definitions', async () => {
    const file = join(tmpdir(), `${uniqueName('admin-defs')}.json`);
    try {
      await ok('declare', 'vhost', `name=${vh}`);
      await ok('declare', 'queue', 'name=kept', 'durable=true', 'arguments={"x-max-length":7}');
      expect(await ok('export', file)).toMatch(/Exported definitions/);
      expect(JSON.parse(readFileSync(file, 'utf8')).queues).toContainEqual({ name: 'kept', durable: true, auto_delete: false, arguments: { 'x-max-length': 7 } });
      await ok('delete', 'queue', 'name=kept');
      expect(await ok('import', file)).toMatch(/Uploaded definitions/);
      expect((await json('list', 'queues', 'name', 'arguments')).find((q) => q.name === 'kept')).toEqual({ name: 'kept', arguments: { 'x-max-length': 7 } });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('lists connections, channels and consumers, and closes a connection', async () => {
    await ok('declare', 'vhost', `name=${vh}`);
    const c = await connect(t.amqpUrl(vh));
    const closed = new Promise<Error & { code?: number }>((resolve) => c.on('close', resolve));
    const ch = await c.createChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    await ch.consume(q.queue, () => undefined, { consumerTag: 'cli-consumer' });
    const name = connectionName(c);
    // the reference RabbitMQ's statistics lag by seconds
    const lag = { ms: 20000, stepMs: 200 };
    await until(async () => (await json('list', 'connections', 'name', 'channels')).find((r) => r.name === name && r.channels === 1), { what: 'the connection', ...lag });
    await until(async () => (await json('list', 'channels', 'name', 'consumer_count')).find((r) => r.name === `${name} (1)` && r.consumer_count === 1), { what: 'the channel', ...lag });
    const consumer = await until(async () => (await json('list', 'consumers', 'consumer_tag', 'queue.name')).find((r) => r.consumer_tag === 'cli-consumer'), { what: 'the consumer', ...lag });
    expect(consumer).toEqual({ consumer_tag: 'cli-consumer', queue: { name: q.queue } });
    expect(await ok('close', 'connection', `name=${name}`)).toMatch(/connection closed/);
    expect((await closed).code).toBe(320);
  });
});
