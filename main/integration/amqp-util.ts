// Shared helpers for the amqp-*.test.ts integration suite (amqplib based).
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { startBroker, type TestBroker } from './harness';
import { within } from '../test-support/wait';

export { within };

export type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage };

/** Connections opened by a test file, closed by closeAll() in afterAll. */
const open = new Set<ChannelModel>();

export async function connect(url: string, opts?: Parameters<typeof amqp.connect>[1]): Promise<ChannelModel> {
  const c = await amqp.connect(url, opts);
  c.on('error', () => { /* asserted where it matters */ });
  open.add(c);
  c.on('close', () => open.delete(c));
  return c;
}

export async function closeAll(): Promise<void> {
  await Promise.all([...open].map((c) => c.close().catch(() => undefined)));
  open.clear();
}

/** One broker and one connection for a whole test file: started before its tests, closed after. */
export function useSharedBroker(): { readonly broker: TestBroker; readonly conn: ChannelModel } {
  const shared = {} as { broker: TestBroker; conn: ChannelModel };
  beforeAll(async () => {
    shared.broker = await startBroker();
    shared.conn = await connect(shared.broker.url);
  });
  afterAll(async () => {
    await closeAll();
    await shared.broker.stop();
  });
  return shared;
}

export async function channel(conn: ChannelModel): Promise<Channel> {
  const ch = await conn.createChannel();
  ch.on('error', () => { /* asserted where it matters */ });
  return ch;
}

export async function confirmChannel(conn: ChannelModel): Promise<ConfirmChannel> {
  const ch = await conn.createConfirmChannel();
  ch.on('error', () => { /* asserted where it matters */ });
  return ch;
}

/** Every message currently in `queue`, taken with basic.get (no-ack). */
export async function drain(ch: Channel, queue: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: true });
    if (m === false) return out;
    out.push(m.content.toString());
  }
}

export interface AmqpErr { code: number; message: string; classId?: number; methodId?: number }


/**
 * Runs `op` on a fresh channel of `conn` and expects the server to close that channel with `code`.
 * The error may surface as the rejection of op's promise or only as the channel's 'error' event
 * (e.g. after a fire-and-forget publish). Afterwards it checks that the channel emitted 'close' and
 * that the connection is still usable: channel errors close only the channel.
 */
export async function expectChannelError(conn: ChannelModel, code: number, op: (ch: Channel) => unknown): Promise<AmqpErr> {
  const ch = await conn.createChannel();
  const closed = new Promise<void>((resolve) => ch.once('close', () => resolve()));
  const errored = new Promise<AmqpErr>((resolve) => ch.once('error', (e: AmqpErr) => resolve(e)));
  let result: unknown;
  try {
    result = op(ch);
  } catch (e) {
    result = Promise.reject(e);
  }
  const fromOp = Promise.resolve(result).then(
    () => new Promise<AmqpErr>(() => { /* success: wait for the error event instead */ }),
    (e: AmqpErr) => e,
  );
  const err = await within(Promise.race([fromOp, errored]), 5000, `channel error ${code}`);
  expect(err.code, err.message).toBe(code);
  await within(closed, 5000, 'channel close');
  await expectConnectionUsable(conn);
  return err;
}

/** The connection still opens channels and does round trips. */
export async function expectConnectionUsable(conn: ChannelModel): Promise<void> {
  const ch = await within(conn.createChannel(), 5000, 'new channel');
  await within(ch.checkExchange('amq.direct'), 5000, 'checkExchange on a new channel');
  await ch.close();
}

/**
 * Runs `op` on a fresh connection and expects the server to close the whole connection with `code`.
 */
export async function expectConnectionError(url: string, code: number, op: (ch: Channel, conn: ChannelModel) => unknown): Promise<AmqpErr> {
  const conn = await connect(url);
  const ch = await channel(conn);
  const connClosed = new Promise<AmqpErr | undefined>((resolve) => conn.once('close', (e?: AmqpErr) => resolve(e)));
  try {
    await Promise.resolve(op(ch, conn));
  } catch (e) {
    // The operation the server refuses rejects as well; the reply code is read from the close event.
    // Anything else (a failed expect inside op, a bug in the test) is the test's failure.
    if (!closedByServer(e)) throw e;
  }
  const err = await within(connClosed, 5000, `connection close ${code}`);
  expect(err, 'connection close error').toBeDefined();
  expect(err!.code, err!.message).toBe(code);
  return err!;
}

/** amqplib's rejection of an operation cut short by the server closing the channel or connection. */
function closedByServer(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (typeof (e as Partial<AmqpErr>).code === 'number') return true;
  return /^(Channel ended|Channel closed|Connection closed)/.test(e.message);
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Collects deliveries from a consumer, resolving waiters as they reach a count. */
export class Inbox {
  readonly messages: ConsumeMessage[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  cancelled = false;
  private cancelWaiters: Array<() => void> = [];

  readonly onMessage = (m: ConsumeMessage | null): void => {
    if (m === null) {
      this.cancelled = true;
      for (const w of this.cancelWaiters) w();
      this.cancelWaiters = [];
      return;
    }
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (this.messages.length >= w.n) { w.resolve(); return false; }
      return true;
    });
  };

  /** Resolves once at least n messages have arrived in total. */
  waitFor(n: number, ms = 5000): Promise<ConsumeMessage[]> {
    if (this.messages.length >= n) return Promise.resolve(this.messages);
    return within(new Promise<void>((resolve) => this.waiters.push({ n, resolve })), ms, `${n} deliveries (have ${this.messages.length})`)
      .then(() => this.messages);
  }

  waitForCancel(ms = 5000): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return within(new Promise<void>((resolve) => this.cancelWaiters.push(resolve)), ms, 'consumer cancel');
  }

  bodies(): string[] { return this.messages.map((m) => m.content.toString()); }
}

/**
 * A positive "nothing more arrives" check without sleeping: a round trip through the same queue.
 * Publishes a marker with the default exchange to `queue` and waits until the inbox receives it;
 * anything that would have been delivered before the marker has then been delivered.
 */
export async function barrier(ch: Channel, queue: string, inbox: Inbox): Promise<void> {
  const marker = `barrier-${Math.random()}`;
  const n = inbox.messages.length;
  ch.sendToQueue(queue, Buffer.from(marker));
  for (;;) {
    await inbox.waitFor(inbox.messages.length + 1);
    if (inbox.messages.slice(n).some((m) => m.content.toString() === marker)) return;
  }
}

/** Broker round trip on a channel: after this resolves the broker has processed everything sent before. */
export async function sync(ch: Channel): Promise<void> {
  await ch.checkExchange('amq.direct');
}

/** Polls until a queue no longer exists (404 on passive declare), using a fresh channel per probe. */
export async function waitForQueueGone(conn: ChannelModel, queue: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    try {
      await ch.checkQueue(queue);
      await ch.close();
    } catch (e) {
      if ((e as AmqpErr).code === 404) return;
      throw e;
    }
    if (Date.now() > deadline) throw new Error(`queue ${queue} still exists`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
