// RabbitMQ tutorial 2 ("Work Queues"): a durable task queue shared by two workers with prefetch 1 and
// manual acks. One worker is ten times slower; fair dispatch must give the fast one more tasks, and
// every task must be processed exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

const durations = [0.02, 0.05, 0.1];
const tasks = Array.from({ length: 16 }, (_, i) => `t${String(i).padStart(2, '0')}:${durations[i % durations.length]}`);
const taskIds = tasks.map((t) => t.split(':')[0]);

async function deleteQueue(queue: string): Promise<void> {
  const conn = await amqp.connect(broker.url);
  try { await (await conn.createChannel()).deleteQueue(queue); } finally { await conn.close(); }
}

describe('tutorial 2: work queues with fair dispatch', () => {
  it('pika: two worker processes, prefetch 1, the fast worker does more and each task runs once', async () => {
    const queue = uniqueName('tut2-tasks');
    const fast = startPython('tutorial_worker.py', [broker.url, queue, 'fast', '1'], 40_000);
    const slow = startPython('tutorial_worker.py', [broker.url, queue, 'slow', '10'], 40_000);
    await Promise.all([fast.waitForLine(/"ready"/), slow.waitForLine(/"ready"/)]);
    const producer = startPython('tutorial_new_task.py', [broker.url, queue, '2', ...tasks]);
    expect(events(await producer.done, 'producer')).toEqual([{ event: 'sent', count: tasks.length }]);
    const done = [...events(await fast.done, 'fast'), ...events(await slow.done, 'slow')].filter((e) => e.event === 'done');
    await deleteQueue(queue);

    const byWorker = (w: string) => done.filter((e) => e.worker === w).map((e) => e.task as string);
    expect(done.map((e) => e.task).sort()).toEqual(taskIds); // exactly once, none lost
    expect(done.every((e) => e.redelivered === false && e.persistent === true)).toBe(true);
    expect(byWorker('slow').length).toBeGreaterThanOrEqual(1);
    expect(byWorker('fast').length).toBeGreaterThan(byWorker('slow').length);
  });

  it('amqplib: two workers on separate connections, prefetch 1, manual ack', async () => {
    const queue = uniqueName('tut2-tasks-js');
    const conns = await Promise.all([amqp.connect(broker.url), amqp.connect(broker.url), amqp.connect(broker.url)]);
    try {
      const processed: { worker: string; task: string; redelivered: boolean }[] = [];
      let resolveAll!: () => void;
      const allDone = new Promise<void>((r) => { resolveAll = r; });
      const startWorker = async (conn: amqp.ChannelModel, worker: string, slowness: number) => {
        const ch = await conn.createChannel();
        await ch.assertQueue(queue, { durable: true });
        await ch.prefetch(1);
        await ch.consume(queue, (msg) => {
          if (!msg) return;
          const [task, seconds] = msg.content.toString().split(':');
          // The workload: a timer, so both workers run concurrently in this process.
          setTimeout(() => {
            processed.push({ worker, task, redelivered: msg.fields.redelivered });
            ch.ack(msg);
            if (processed.length === tasks.length) resolveAll();
          }, Number(seconds) * slowness * 1000);
        }, { noAck: false });
      };
      await startWorker(conns[0], 'fast', 1);
      await startWorker(conns[1], 'slow', 10);
      const tx = await conns[2].createConfirmChannel();
      await tx.assertQueue(queue, { durable: true });
      for (const t of tasks) tx.sendToQueue(queue, Buffer.from(t), { persistent: true });
      await tx.waitForConfirms();
      await allDone;
      const count = (w: string) => processed.filter((p) => p.worker === w).length;
      expect(processed.map((p) => p.task).sort()).toEqual(taskIds);
      expect(processed.every((p) => !p.redelivered)).toBe(true);
      expect(count('slow')).toBeGreaterThanOrEqual(1);
      expect(count('fast')).toBeGreaterThan(count('slow'));
      // Every task was acked: nothing is left ready in the queue.
      const q = await tx.checkQueue(queue);
      expect(q.messageCount).toBe(0);
      await tx.deleteQueue(queue);
    } finally {
      for (const c of conns) await c.close();
    }
  });
});
