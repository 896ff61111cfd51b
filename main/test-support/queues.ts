// A queue as a test sees it through a real client (amqplib): how many messages it holds, waiting
// for that number, and taking everything out of it.
import type { Channel, GetMessage } from 'amqplib';
import { pollUntil } from './wait';

/** Ready messages, by passive queue.declare. */
export async function count(ch: Channel, queue: string): Promise<number> {
  return (await ch.checkQueue(queue)).messageCount;
}

/** Polls until the queue holds `n` ready messages (a queue's counts follow its traffic asynchronously). */
export function waitForCount(ch: Channel, queue: string, n: number, ms = 5000): Promise<number> {
  return pollUntil(() => count(ch, queue), (c) => c === n, { what: `${queue} to hold ${n} messages`, ms });
}

/** Takes every message out of a queue with basic.get (no-ack) and returns them, in order. */
export async function drain(ch: Channel, queue: string): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: true });
    if (m === false) return out;
    out.push(m);
  }
}
