// The crash matrix: a real `warren serve` on a data directory, driven by real clients (amqplib with
// confirms, mqtt.js, the management API) until it SIGKILLs itself at one named fault point
// (WARREN_FAULT, main/store/fault-points.ts), then restarted on the same directory (it must start:
// no lock refusal) and checked against what the clients were told: confirmed persistent messages
// of durable queues back exactly once unless acked (an acked one only redelivered), confirmed
// definitions, users, vhosts and policies there, confirmed deletions still deleted, retained
// messages and persistent MQTT sessions as last confirmed.
//
// Every row starts from a copy of one seeded directory (a vhost, a user and permissions, a policy,
// a topic exchange bound to a queue holding 20 confirmed messages), so fault counts start at the
// row's own work and setup is paid once.
import amqp from 'amqplib';
import { cpSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DefinitionsLedger, QueueLedger, driveUntilFault, seedBaseline, startCrashBroker, type CrashBroker } from './crash-support';
import { seg } from './management-support';
import { mqttConnect } from './mqtt-support';
import { useTempDirs } from '../test-support/tmp-dir';

const newDir = useTempDirs('crash-matrix', { keep: 'file' });

interface Row {
  fault: string;
  /** what the row's clients do until the broker dies; fills the ledgers */
  drive(r: RowRun): Promise<void>;
  /** checks beyond the ledgers, on the restarted broker */
  check?(r: RowRun, b: CrashBroker): Promise<void>;
}

class RowRun {
  defs = new DefinitionsLedger();
  queues: QueueLedger[] = [];
  /** queues whose delete was in flight at the crash: absent, or present with no lost messages, or empty */
  maybeDeleted = new Set<string>();
  retained = new RetainedLedger();
  conn!: amqp.ChannelModel;
  ch!: amqp.ConfirmChannel;
  constructor(readonly b: CrashBroker, readonly fault: string, baseDefs: DefinitionsLedger, base: QueueLedger) {
    for (const p of baseDefs.present) this.defs.present.add(p);
    this.queues.push(base);
  }

  async open(): Promise<void> {
    this.conn = await amqp.connect(this.b.amqpUrl);
    this.conn.on('error', () => {});
    this.ch = await this.conn.createConfirmChannel();
    this.ch.on('error', () => {});
  }

  /** A durable queue declared with a confirmed declare-ok, and its ledger. */
  async queue(name: string, size = 200): Promise<QueueLedger> {
    await this.ch.assertQueue(name, { durable: true });
    this.defs.confirm(true, `/api/queues/${seg('/')}/${name}`);
    const l = new QueueLedger(name, size);
    this.queues.push(l);
    return l;
  }

  until(step: () => Promise<void>): Promise<void> { return driveUntilFault(this.b, this.fault, step); }
}

/** Retained messages as the publisher's PUBACKs confirmed them. */
class RetainedLedger {
  readonly values = new Map<string, string>();
  readonly cleared = new Set<string>();
  /** the topic whose change got no PUBACK before the crash: either outcome is right */
  inflight: string | null = null;

  async set(c: Awaited<ReturnType<typeof mqttConnect>>, topic: string, payload: string): Promise<void> {
    this.inflight = topic;
    await c.publishAsync(topic, payload, { qos: 1, retain: true });
    if (payload === '') { this.values.delete(topic); this.cleared.add(topic); } else { this.values.set(topic, payload); this.cleared.delete(topic); }
    this.inflight = null;
  }

  async check(b: CrashBroker): Promise<void> {
    if (this.values.size === 0 && this.cleared.size === 0) return;
    const c = await mqttConnect(b.mqttUrl, { clientId: 'crash-check', clean: true });
    await c.subscribeAsync('r/#', { qos: 1 });
    // Retained messages go out on subscribe, before anything published after it: the marker ends them.
    await c.publishAsync('r/marker', 'end', { qos: 1 });
    const got = new Map<string, string>();
    for (;;) {
      const m = await c.inbox.next(5000);
      if (m.topic === 'r/marker' && !m.packet.retain) break;
      got.set(m.topic, m.payload);
    }
    await c.endAsync();
    for (const [t, v] of this.values) if (t !== this.inflight) expect(got.get(t), `retained ${t}`).toBe(v);
    for (const t of this.cleared) if (t !== this.inflight) expect(got.has(t), `cleared retained ${t} came back`).toBe(false);
    for (const t of got.keys()) expect(this.values.has(t) || t === this.inflight, `retained ${t} was never confirmed`).toBe(true);
  }
}

const BIG = 64 * 1024;

/** 140 messages of 64 KiB: the first 8 MiB segment fills and is sealed. */
async function fillSegment(r: RowRun, name: string): Promise<QueueLedger> {
  const q = await r.queue(name, BIG);
  for (let i = 0; i < 7; i++) await q.publish(r.ch, 20);
  return q;
}

/** Keeps a client busy (confirmed publishes to a side queue) while the broker works towards its point. */
async function keepBusy(r: RowRun): Promise<() => Promise<void>> {
  const side = await r.queue('side');
  return () => side.publish(r.ch, 5);
}

const publishing = (fault: string): Row => ({
  fault,
  async drive(r) {
    const q = await r.queue('pub');
    await r.until(() => q.publish(r.ch, 20));
  },
});

const acking = (fault: string): Row => ({
  fault,
  async drive(r) {
    const q = await r.queue('acked');
    // Every fourth message stays unacked (delivered): it must come back.
    await r.until(async () => { await q.publish(r.ch, 20); await q.take(r.ch, 20, (id) => id % 4 !== 0); });
  },
});

const dropping = (fault: string): Row => ({
  fault,
  async drive(r) {
    const q = await fillSegment(r, 'drop');
    const busy = await keepBusy(r);
    let taken = false;
    await r.until(async () => {
      if (!taken) { taken = true; await q.take(r.ch, 140); }
      await busy();
    });
  },
});

const compacting = (fault: string): Row => ({
  fault,
  async drive(r) {
    const q = await fillSegment(r, 'compact');
    // Every 16th stays: the sealed segment is under a quarter live, and is compacted within seconds.
    const taker = await r.conn.createChannel();
    await q.take(taker, 140, (id) => id % 16 !== 0);
    await taker.close(); // the unacked ones go back to the queue, delivered
    const busy = await keepBusy(r);
    await r.until(busy);
  },
});

const deletingQueue = (fault: string): Row => ({
  fault,
  async drive(r) {
    let k = 0;
    await r.until(async () => {
      const q = await r.queue(`dq-${++k}`);
      await q.publish(r.ch, 10);
      r.maybeDeleted.add(q.queue);
      r.defs.present.delete(`/api/queues/${seg('/')}/${q.queue}`); // either outcome, until delete-ok
      await r.ch.deleteQueue(q.queue);
      r.defs.confirm(false, `/api/queues/${seg('/')}/${q.queue}`);
      r.maybeDeleted.delete(q.queue);
      r.queues.splice(r.queues.indexOf(q), 1);
    });
  },
});

/** Definitions changes through the management API, each confirmed by its 2xx, until the crash. */
const changing = (fault: string, change: (r: RowRun, k: number) => Promise<void>): Row => ({
  fault,
  async drive(r) {
    let k = 0;
    await r.until(() => change(r, ++k));
  },
});

const retaining = (fault: string): Row => ({
  fault,
  async drive(r) {
    const c = await mqttConnect(r.b.mqttUrl, { clientId: 'crash-retainer', clean: true });
    let k = 0;
    await r.until(async () => {
      k++;
      await r.retained.set(c, `r/${k}`, `v${k}`);
      if (k % 3 === 0) await r.retained.set(c, `r/${k - 1}`, ''); // cleared
      if (k % 4 === 0) await r.retained.set(c, `r/${k - 2}`, `w${k}`); // replaced
    });
  },
});

/** A persistent session (clean_session=false) subscribed to s/#; messages for it arrive while it is away. */
const SESSION = 'crash-session';
const SESSION_QUEUE = `mqtt-subscription-${SESSION}qos1`;
async function persistentSession(r: RowRun): Promise<QueueLedger> {
  const c = await mqttConnect(r.b.mqttUrl, { clientId: SESSION, clean: false });
  await c.subscribeAsync('s/#', { qos: 1 });
  await c.endAsync();
  const q = new QueueLedger(SESSION_QUEUE);
  r.queues.push(q);
  r.defs.confirm(true, `/api/queues/${seg('/')}/${SESSION_QUEUE}`);
  return q;
}
async function sessionBack(_r: RowRun, b: CrashBroker): Promise<void> {
  const c = await mqttConnect(b.mqttUrl, { clientId: SESSION, clean: false });
  expect(c.connack.sessionPresent, 'the persistent session survived').toBe(true);
  await c.endAsync();
}
const sessionStopping = (fault: string): Row => ({
  fault,
  async drive(r) {
    const q = await persistentSession(r);
    await q.publish(r.ch, 10, 'amq.topic', 's.a');
    let stopping = false;
    await r.until(async () => {
      if (!stopping) { stopping = true; r.b.w.process.kill('SIGTERM'); } // the sessions file is saved on the way out
      await r.b.ended;
    });
  },
  check: sessionBack,
});

const ROWS: Row[] = [
  {
    fault: 'segment-created:2',
    async drive(r) {
      let k = 0;
      await r.until(async () => { const q = await r.queue(`new-${++k}`); await q.publish(r.ch, 10); });
    },
  },
  publishing('segment-written:3'),
  publishing('segment-synced:3'),
  publishing('after-fsync:5'),
  {
    ...publishing('torn-record:3'),
    async check(_r, b) {
      // The kill really left half a record at the end of a segment, and recovery cut it off.
      expect(b.w.output()).toMatch(/torn record/);
    },
  },
  acking('acks-written:3'),
  acking('acks-synced:3'),
  {
    fault: 'acks-written:1',
    async drive(r) {
      // Purge: the first ack file write is the purge's Remove records (after it, they must stay removed).
      const q = await r.queue('pol.purged');
      await q.publish(r.ch, 30);
      const busy = await keepBusy(r);
      let purged = false;
      await r.until(async () => {
        if (!purged) { purged = true; for (const id of q.sent) { q.acked.add(id); q.gone.add(id); } await r.ch.purgeQueue(q.queue); }
        await busy();
      });
    },
  },
  dropping('segment-drop:1'),
  dropping('segment-drop-half:1'),
  compacting('compact-tmp-written:1'),
  compacting('before-rename:1'),
  compacting('after-rename:1'),
  compacting('compact-original-deleted:1'),
  deletingQueue('queue-delete-renamed:2'),
  deletingQueue('queue-delete-removed:2'),
  changing('definitions-backup:3', (r, k) => r.defs.change(r.b, 'PUT', `/api/policies/${seg('/')}/pol-${k}`, { pattern: `^pol\\.${k}$`, definition: { 'max-length': k }, 'apply-to': 'queues' })),
  changing('definitions-tmp-written:4', async (r, k) => {
    await r.defs.change(r.b, 'PUT', `/api/vhosts/v-${k}`);
    if (k > 1) await r.defs.change(r.b, 'DELETE', `/api/vhosts/v-${k - 1}`);
  }),
  changing('definitions-before-rename:3', (r, k) => r.defs.change(r.b, 'PUT', `/api/users/u-${k}`, { password: `pw${k}`, tags: k % 2 ? 'management' : '' })),
  deletingQueue('definitions-renamed:4'),
  retaining('mqtt-retained-backup:3'),
  retaining('mqtt-retained-tmp-written:4'),
  retaining('mqtt-retained-before-rename:5'),
  retaining('mqtt-retained-renamed:6'),
  sessionStopping('mqtt-sessions-tmp-written:1'),
  sessionStopping('mqtt-sessions-renamed:1'),
  {
    fault: 'after-fsync:4',
    async drive(r) {
      const q = await persistentSession(r);
      await r.until(() => q.publish(r.ch, 10, 'amq.topic', 's.b'));
    },
    check: sessionBack,
  },
];

describe('crash matrix (SIGKILL at named fault points, then restart)', () => {
  let seeded: string;
  const baseDefs = new DefinitionsLedger();
  const base = new QueueLedger('crash-q');

  beforeAll(async () => {
    seeded = newDir();
    const b = await startCrashBroker(seeded);
    await seedBaseline(b, baseDefs);
    const conn = await amqp.connect(b.amqpUrl);
    await base.publish(await conn.createConfirmChannel(), 20, 'crash-x', 'k.a');
    await conn.close();
    expect(await b.w.stop('SIGTERM')).toBe(0);
  }, 30_000);

  // Rows are independent (a directory each, free ports) and mostly wait on the disk and on the
  // store's timers, so a few run side by side.
  it.concurrent.each(ROWS.map((row) => [row.fault, row] as const))('%s', async (_name, row) => {
    const dir = newDir();
    cpSync(seeded, dir, { recursive: true });
    const r = new RowRun(await startCrashBroker(dir, row.fault), row.fault, baseDefs, base);
    await r.open();
    await row.drive(r);

    const b = await startCrashBroker(dir); // a restart straight after the crash is not refused
    try {
      await r.defs.check(b);
      await r.retained.check(b);
      const conn = await amqp.connect(b.amqpUrl);
      const ch = await conn.createChannel();
      for (const q of r.queues) {
        if (r.maybeDeleted.has(q.queue)) {
          // Its delete got no delete-ok: gone, or there with nothing lost, or (files gone first) empty.
          const there = (await b.api('GET', `/api/queues/${seg('/')}/${q.queue}`)).status === 200;
          if (!there || (await ch.checkQueue(q.queue)).messageCount === 0) continue;
        }
        await q.check(ch);
      }
      await conn.close();
      await row.check?.(r, b);
    } finally {
      await b.w.stop('SIGTERM');
    }
  }, 60_000);
});
