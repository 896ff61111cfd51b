// THE shovel durability test: 100,000 persistent messages shovelled with ack-mode on-confirm from
// one durable queue to another on the same Warren (a data directory), Warren killed with SIGKILL
// in the middle of the move (the moment chosen by polling the destination's count), restarted: the
// shovel, kept as a durable runtime parameter, resumes by itself, and at the end every message is
// in the destination.
//
// What is guaranteed, and measured here: NONE LOST. Duplicates are possible, as with RabbitMQ's
// on-confirm shovels (at-least-once): a message the destination confirmed whose source ack had not
// reached the disk when the process died is delivered again after the restart. They are bounded by
// the shovel's unacked window (src-prefetch-count, here 1,000); the test reports how many there
// were and fails if there are more than that window.
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { httpCall } from './management-support';
import { pollUntil } from '../test-support/wait';
import { useTempDirs } from '../test-support/tmp-dir';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';

const TOTAL = 100_000;
const PREFETCH = 1_000;
const newDir = useTempDirs('shovel-durable', { keep: 'file' });
const running: WarrenProcess[] = [];
afterAll(async () => {
  for (const w of running) await w.stop('SIGKILL');
});

async function start(dir: string): Promise<{ w: WarrenProcess; amqpUrl: string; api: (method: string, path: string, body?: unknown) => ReturnType<typeof httpCall> }> {
  const w = await spawnWarren(['--port', '0', '--ui-port', '0', '--data-dir', dir, '--log-level', 'warn', '--no-mqtt'], { ui: true });
  running.push(w);
  const base = w.uiUrl!.replace(/\/+$/, '');
  return { w, amqpUrl: `amqp://guest:guest@127.0.0.1:${w.amqpPort}`, api: (method, path, body) => httpCall(base, method, path, { auth: ['guest', 'guest'], body }) };
}

describe.skipIf(!!process.env.WARREN_TEST_URL)('a shovel across a crash', () => {
  it('moves 100,000 persistent messages on-confirm through a SIGKILL: none lost, duplicates within the prefetch window', async () => {
    const dir = newDir();
    const first = await start(dir);
    const conn = await amqp.connect(first.amqpUrl);
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue('crash-src', { durable: true });
    await ch.assertQueue('crash-dst', { durable: true });
    for (let i = 0; i < TOTAL; i++) {
      if (!ch.sendToQueue('crash-src', Buffer.from(String(i)), { persistent: true })) await new Promise((r) => ch.once('drain', r));
    }
    await ch.waitForConfirms();
    await conn.close();

    const put = await first.api('PUT', '/api/parameters/shovel/%2F/crash', {
      value: { 'src-uri': 'amqp://', 'src-queue': 'crash-src', 'dest-uri': 'amqp://', 'dest-queue': 'crash-dst', 'ack-mode': 'on-confirm', 'src-prefetch-count': PREFETCH },
    });
    expect(put.status).toBe(201);
    // kill it in the middle of the move: some moved, most not
    const queueMessages = async (api: typeof first.api, q: string): Promise<number> => {
      const r = await api('GET', `/api/queues/%2F/${q}`);
      return r.status === 200 ? (r.json.messages as number) : -1;
    };
    const atKill = await pollUntil(() => queueMessages(first.api, 'crash-dst'), (n) => n >= 10_000, { what: 'the shovel to move 10,000 messages', ms: 30_000, stepMs: 5 });
    await first.w.stop('SIGKILL');
    expect(atKill).toBeLessThan(TOTAL); // the kill came in the middle

    // restarted on the same data directory: the shovel resumes by itself and empties the source
    const second = await start(dir);
    await pollUntil(() => queueMessages(second.api, 'crash-src'), (n) => n === 0, { what: 'the source to be emptied after the restart', ms: 40_000, stepMs: 50 });
    const shovels = (await second.api('GET', '/api/shovels')).json as Array<{ name: string; state: string }>;
    expect(shovels.map((s) => [s.name, s.state])).toEqual([['crash', 'running']]);
    // (every source message acked means its copy was confirmed by the destination first)

    const seen = new Uint16Array(TOTAL);
    const c2 = await amqp.connect(second.amqpUrl);
    const ch2 = await c2.createChannel();
    const { messageCount } = await ch2.checkQueue('crash-dst');
    let got = 0;
    await new Promise<void>((resolve) => {
      void ch2.consume('crash-dst', (m) => {
        if (m) seen[Number(m.content.toString())]++;
        if (++got === messageCount) resolve();
      }, { noAck: true });
    });
    await c2.close();
    const lost = seen.reduce((n, c) => n + (c === 0 ? 1 : 0), 0);
    const duplicates = messageCount - (TOTAL - lost);
    console.log(`shovel across SIGKILL: killed with ${atKill} in the destination; after the restart ${messageCount} there: ${lost} lost, ${duplicates} duplicated`);
    expect(lost).toBe(0);
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(PREFETCH);
  }, 120_000);
});
