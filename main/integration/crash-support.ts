// Helpers for the crash matrix: a `warren serve` armed with WARREN_FAULT that the test drives until
// it dies at that point, and ledgers of what clients had confirmed (messages, definitions) that a
// restarted broker must still hold.
import amqp from 'amqplib';
import { expect } from 'vitest';
import { httpCall, seg, type HttpResult, type RequestOptions } from './management-support';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { within } from '../test-support/wait';

export interface CrashBroker {
  w: WarrenProcess;
  amqpUrl: string;
  mqttUrl: string;
  api(method: string, path: string, opts?: RequestOptions): Promise<HttpResult>;
  /** resolves when the process has ended and its output is all read */
  ended: Promise<NodeJS.Signals | number | null>;
  dead: boolean;
}

/** `warren serve` on `dir`; with `fault`, armed to SIGKILL itself there (main/store/fault-points.ts). */
export async function startCrashBroker(dir: string, fault?: string): Promise<CrashBroker> {
  const w = await spawnWarren(['--port', '0', '--data-dir', dir, '--no-web-mqtt', '--ui-port', '0', '--log-level', 'warn'], {
    ui: true, env: fault ? { WARREN_FAULT: fault } : {},
  });
  const b: CrashBroker = {
    w, amqpUrl: `amqp://guest:guest@127.0.0.1:${w.amqpPort}`, mqttUrl: `mqtt://127.0.0.1:${w.mqttPort}`,
    api: (method, path, opts = {}) => httpCall(w.uiUrl!, method, path, { auth: ['guest', 'guest'], ...opts }),
    // 'close' comes after stderr is drained, so the fault line is in output() by then.
    ended: new Promise((resolve) => w.process.on('close', (code, signal) => { b.dead = true; resolve(signal ?? code); })),
    dead: false,
  };
  return b;
}

/**
 * Repeats `step` (client work) until the broker dies, then checks that it died by SIGKILL at
 * `fault` and not anywhere else. A step cut short by the death is the unconfirmed work.
 */
export async function driveUntilFault(b: CrashBroker, fault: string, step: () => Promise<void>, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!b.dead) {
    if (Date.now() > deadline) throw new Error(`the broker never reached WARREN_FAULT=${fault} in ${ms} ms:\n${b.w.output()}`);
    await Promise.race([step(), b.ended]).catch(async (err: unknown) => {
      // The broker's death shows up as a closed connection in the client first.
      await within(b.ended, 5000, `the broker to die at ${fault} (the step failed: ${String(err)})`);
    });
  }
  expect(await b.ended, `the broker's end (expected death at ${fault}):\n${b.w.output()}`).toBe('SIGKILL');
  expect(b.w.output()).toContain(`warren fault: ${fault}\n`);
}

/** What a client was told about one queue's persistent messages. */
export class QueueLedger {
  sent = new Set<number>();
  confirmed = new Set<number>();
  /** acked (or purged) by the client: may come back, as RabbitMQ allows, only redelivered */
  acked = new Set<number>();
  /** removed and known to be on disk (the fault point came after the write): must not come back */
  gone = new Set<number>();
  private next = 1;

  constructor(readonly queue: string, readonly size = 200) {}

  body(id: number): Buffer { return Buffer.from(`${this.queue}:${id}:`.padEnd(this.size, 'x')); }
  idOf(body: Buffer): number { const [q, id] = body.toString().split(':'); expect(q).toBe(this.queue); return Number(id); }

  /** Publishes n persistent messages with confirms; resolves when all are confirmed. */
  publish(ch: amqp.ConfirmChannel, n: number, exchange = '', routingKey = this.queue): Promise<void> {
    const all: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.next++;
      this.sent.add(id);
      all.push(new Promise((resolve, reject) => ch.publish(exchange, routingKey, this.body(id), { persistent: true }, (err) => {
        if (err) return reject(err);
        this.confirmed.add(id);
        resolve();
      })));
    }
    return Promise.all(all).then(() => undefined);
  }

  /** Takes up to n messages with basic.get and acks those `ack` picks (the rest stay unacked). */
  async take(ch: amqp.Channel, n: number, ack: (id: number) => boolean = () => true): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = await ch.get(this.queue);
      if (m === false) break;
      const id = this.idOf(m.content);
      ids.push(id);
      if (ack(id)) { this.acked.add(id); ch.ack(m); }
    }
    return ids;
  }

  /**
   * After the restart: every confirmed message not acked is back exactly once; anything back was
   * sent; an acked one only redelivered; nothing known gone.
   */
  async check(ch: amqp.Channel): Promise<void> {
    const got = await consumeEverything(ch, this.queue);
    const seen = new Map<number, boolean>();
    for (const m of got) {
      const id = this.idOf(m.content);
      expect(seen.has(id), `${this.queue}: message ${id} came back twice`).toBe(false);
      seen.set(id, m.fields.redelivered);
      expect(this.sent.has(id), `${this.queue}: message ${id} was never sent`).toBe(true);
      expect(this.gone.has(id), `${this.queue}: message ${id} was removed durably but came back`).toBe(false);
      if (this.acked.has(id)) expect(m.fields.redelivered, `${this.queue}: acked message ${id} came back not redelivered`).toBe(true);
    }
    const missing = [...this.confirmed].filter((id) => !this.acked.has(id) && !seen.has(id));
    expect(missing, `${this.queue}: confirmed messages lost`).toEqual([]);
  }
}

/** Every message in the queue, through one consumer (acked as they come). */
async function consumeEverything(ch: amqp.Channel, queue: string): Promise<amqp.ConsumeMessage[]> {
  const { messageCount } = await ch.checkQueue(queue);
  const out: amqp.ConsumeMessage[] = [];
  if (messageCount === 0) return out;
  await ch.prefetch(0);
  await within(new Promise<void>((resolve) => {
    void ch.consume(queue, (m) => {
      if (!m) return;
      out.push(m);
      ch.ack(m);
      if (out.length === messageCount) resolve();
    });
  }), 15_000, `${messageCount} messages from ${queue}`);
  return out;
}

/** Management API objects a client was told exist (2xx) or are deleted (2xx to DELETE). */
export class DefinitionsLedger {
  readonly present = new Set<string>();
  readonly absent = new Set<string>();

  /** A PUT or DELETE; its path goes to present or absent once the broker answered 2xx. */
  async change(b: CrashBroker, method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
    const r = await b.api(method, path, body === undefined ? {} : { body });
    expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
    this.confirm(method === 'PUT', path);
  }

  /** Record a change confirmed by other means (an AMQP delete-ok). */
  confirm(exists: boolean, path: string): void {
    (exists ? this.present : this.absent).add(path);
    (exists ? this.absent : this.present).delete(path);
  }

  async check(b: CrashBroker): Promise<void> {
    for (const p of this.present) expect((await b.api('GET', p)).status, `${p} was confirmed but is gone`).toBe(200);
    for (const p of this.absent) expect((await b.api('GET', p)).status, `${p} was deleted but came back`).toBe(404);
  }
}

/** The state every row starts from, confirmed before the row's work: it must survive every crash. */
export async function seedBaseline(b: CrashBroker, defs: DefinitionsLedger): Promise<void> {
  await defs.change(b, 'PUT', '/api/vhosts/crash-v');
  await defs.change(b, 'PUT', '/api/users/crash-u', { password: 'pw', tags: '' });
  await defs.change(b, 'PUT', '/api/permissions/crash-v/crash-u', { configure: '.*', write: '.*', read: '.*' });
  await defs.change(b, 'PUT', `/api/policies/${seg('/')}/crash-p`, { pattern: '^pol\\.', definition: { 'max-length': 1000 }, 'apply-to': 'queues' });
  await defs.change(b, 'PUT', `/api/exchanges/${seg('/')}/crash-x`, { type: 'topic', durable: true });
  await defs.change(b, 'PUT', `/api/queues/${seg('/')}/crash-q`, { durable: true });
  const r = await b.api('POST', `/api/bindings/${seg('/')}/e/crash-x/q/crash-q`, { body: { routing_key: 'k.#' } });
  expect(r.status, r.text).toBeLessThan(300);
  defs.confirm(true, `/api/bindings/${seg('/')}/e/crash-x/q/crash-q/k.%23`);
}
