// Durability for the headless broker and the desktop app: the data directory's lock, the message
// store behind the core's MessagePersistence, and the definitions file of durable exchanges,
// queues and bindings, restored at startup. (Property and argument encodings come from the AMQP
// codec so that everything round-trips byte-exact.)
import { join } from 'node:path';
import type { Broker } from '../broker/broker';
import { collectAccess, restoreAccess, restoreVhostLimits, type AccessDefinitions } from './access-definitions';
import type { FieldTable } from '../../shared/model/amqp-values';
import { Message } from '../broker/message';
import { DELAYED_TYPE } from '../broker/exchanges/delayed';
import type { MessagePersistence } from '../broker/persistence';
import { isDurableBinding, type VHost } from '../broker/vhost';
import { decodeTable, encodeTable } from '../amqp/codec/field-table';
import { decodeProperties } from '../amqp/codec/properties';
import { rawPropertiesOf } from '../amqp/server/deliveries';
import { lockDataDir, type DataDirLock } from '../store/data-dir';
import { DefinitionsFile } from '../store/definitions-file';
import { MessageStore, type RecoveredEntry } from '../store/message-store';
import { UnknownRefError } from '../store/store-errors';
import type { Logger } from './log';
import { packingSupport } from './packing';

/** The definitions file's shape. Arguments are AMQP field tables, base64 of their wire encoding. */
export interface Definitions {
  exchanges: Array<{ vhost: string; name: string; type: string; autoDelete: boolean; internal: boolean; args: string }>;
  queues: Array<{ vhost: string; name: string; autoDelete: boolean; args: string }>;
  bindings: Array<{ vhost: string; source: string; destination: string; destinationType: 'queue' | 'exchange'; routingKey: string; args: string }>;
  /** vhosts, users and permissions (absent from files written before they could change) */
  access?: AccessDefinitions;
  /** policies and parameters imported from RabbitMQ definitions, kept to export again */
  unapplied?: Broker['unapplied'];
}

const tableOut = (t: FieldTable): string => encodeTable(t).toString('base64');
const tableIn = (s: string): FieldTable => decodeTable(Buffer.from(s, 'base64'), 0).table;
/** The store keys queues by vhost and name together, and the messages an x-delayed-message
 *  exchange holds by vhost, exchange name and that type. */
const queueKey = (vhost: string, name: string): string => JSON.stringify([vhost, name]);
const delayedKey = (vhost: string, exchange: string): string => JSON.stringify([vhost, exchange, DELAYED_TYPE]);

class StorePersistence implements MessagePersistence {
  constructor(private readonly store: MessageStore, private readonly vhost: string, private readonly log: Logger) {}

  append(queue: string, m: Message): number {
    return this.appendAt(queueKey(this.vhost, queue), m);
  }

  appendDelayed(exchange: string, m: Message): number {
    return this.appendAt(delayedKey(this.vhost, exchange), m);
  }

  private appendAt(key: string, m: Message): number {
    return this.store.append(key, {
      exchange: m.exchange, routingKey: m.routingKey, properties: rawPropertiesOf(m), body: m.body, bodySize: m.bodySize, publishedAt: m.publishedAt,
    });
  }

  markDelivered(ref: number): void {
    this.guard(() => this.store.markDelivered(ref));
  }

  remove(ref: number): void {
    this.guard(() => this.store.remove(ref));
  }

  deleteQueue(queue: string): void {
    this.store.deleteQueue(queueKey(this.vhost, queue));
  }

  deleteDelayed(exchange: string): void {
    this.store.deleteQueue(delayedKey(this.vhost, exchange));
  }

  whenSynced(cb: () => void): void {
    this.store.whenSynced(cb);
  }

  /** An unacked message of a queue deleted meanwhile has no record any more: nothing to do. */
  private guard(op: () => void): void {
    try { op(); } catch (err) {
      if (err instanceof UnknownRefError) this.log.debug(`store: ${err.message}`);
      else throw err;
    }
  }
}

export class Durability {
  private saveScheduled = false;
  /** restore changed what the definitions file says: save it once running */
  private dirty = false;
  /** the data directory held no definitions: a first start (the default user and vhost are made) */
  fresh = true;

  private constructor(
    private readonly broker: Broker,
    private readonly lock: DataDirLock,
    readonly store: MessageStore,
    private readonly definitions: DefinitionsFile<Definitions>,
    private readonly log: Logger,
  ) {}

  /** Lock the data directory, open the store and restore durable state into the broker. */
  static async open(broker: Broker, dataDir: string, log: Logger): Promise<Durability> {
    const lock = lockDataDir(dataDir);
    try {
      const storeLog = (level: 'info' | 'warn', msg: string): void => log[level](msg);
      const started = performance.now();
      const store = await MessageStore.open(join(dataDir, 'messages'), { log: storeLog });
      const defs = new DefinitionsFile<Definitions>(dataDir, { log: storeLog });
      const d = new Durability(broker, lock, store, defs, log);
      // Long recovered queues pack their tails, bodies left on disk.
      for (const v of broker.vhosts.values()) v.packing = packingSupport(store);
      const restored = d.restore();
      log.info(`restored ${restored} persistent messages from ${dataDir} in ${Math.round(performance.now() - started)} ms`);
      for (const v of broker.vhosts.values()) d.attach(v);
      broker.onAccessChanged = d.scheduleSave;
      if (d.dirty) d.saveNow();
      return d;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Store a vhost's durable messages and definitions (at start, and for vhosts created later). */
  attach(v: VHost): void {
    v.packing = packingSupport(this.store);
    v.persistence = new StorePersistence(this.store, v.name, this.log);
    v.onDefinitionsChanged = this.scheduleSave;
  }

  private restore(): number {
    const defs = this.definitions.load();
    if (defs) {
      this.fresh = false;
      if (defs.access) restoreAccess(this.broker, defs.access);
      if (defs.unapplied) for (const k of ['parameters', 'globalParameters'] as const) this.broker.unapplied[k].push(...(defs.unapplied[k] ?? []));
      for (const x of defs.exchanges) {
        this.broker.vhost(x.vhost)?.declareExchange({ name: x.name, type: x.type, passive: false, durable: true, autoDelete: x.autoDelete, internal: x.internal, args: tableIn(x.args) });
      }
      for (const q of defs.queues) {
        this.broker.vhost(q.vhost)?.declareQueue({ name: q.name, passive: false, durable: true, exclusive: false, autoDelete: q.autoDelete, args: tableIn(q.args) }, null);
      }
      for (const b of defs.bindings) {
        const v = this.broker.vhost(b.vhost);
        if (!v) continue;
        if (b.destinationType === 'queue') v.bindQueue(b.destination, b.source, b.routingKey, tableIn(b.args), null);
        else v.bindExchange(b.destination, b.source, b.routingKey, tableIn(b.args));
      }
    }
    let count = 0;
    const now = Date.now();
    try {
      count = this.restoreMessages(now);
    } finally {
      if (defs?.access) restoreVhostLimits(this.broker, defs.access);
    }
    return count;
  }

  private restoreMessages(now: number): number {
    let count = 0;
    for (const [key, entries] of this.store.recovered()) {
      const [vhost, name, delayed] = JSON.parse(key) as [string, string, string?];
      const v = this.broker.vhost(vhost);
      if (!v) { this.store.deleteQueue(key); continue; }
      if (delayed !== undefined) { count += this.restoreDelayed(v, name, key, entries); continue; }
      let q = v.queue(name);
      if (!q) {
        // Messages outlive their queue's definition only when the definitions were lost (a deleted
        // queue's files go with it): keep the messages in a plain durable queue rather than lose them.
        this.log.warn(`store has ${entries.length} messages for queue '${name}' in vhost '${vhost}' with no saved definition: re-creating it as a durable classic queue`);
        q = v.declareQueue({ name, passive: false, durable: true, exclusive: false, autoDelete: false, args: [] }, null);
        this.dirty = true;
      }
      for (const e of entries) {
        q.restore(storedMessage(e), e.ref, e.delivered, now);
        count++;
      }
    }
    return count;
  }

  /** An x-delayed-message exchange's held messages; dropped if the exchange is gone. */
  private restoreDelayed(v: VHost, exchange: string, key: string, entries: RecoveredEntry[]): number {
    let count = 0;
    for (const e of entries) {
      if (!v.restoreDelayed(exchange, storedMessage(e), e.ref)) {
        this.log.warn(`store has delayed messages for exchange '${exchange}' in vhost '${v.name}', which is not a delayed-message exchange any more: dropped`);
        this.store.deleteQueue(key);
        return count;
      }
      count++;
    }
    return count;
  }

  /** Definitions are saved soon after they change; several changes share one atomic write. */
  readonly scheduleSave = (): void => {
    if (this.saveScheduled) return;
    this.saveScheduled = true;
    setImmediate(() => this.saveIfPending());
  };

  /** Saves now if a save is scheduled: before a reply confirms a change (the management API). */
  saveIfPending(): void {
    if (!this.saveScheduled) return;
    this.saveScheduled = false;
    this.saveNow();
  }

  saveNow(): void {
    try {
      this.definitions.save({ ...collectDefinitions([...this.broker.vhosts.values()]), access: collectAccess(this.broker), unapplied: this.broker.unapplied });
    } catch (err) {
      this.log.error(`could not save definitions: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    // Saved once more on the way out, so the backup file holds the latest definitions too.
    this.saveScheduled = false;
    this.saveNow();
    // held delayed messages stay in the store; no timer may route into it once closed
    for (const v of this.broker.vhosts.values()) for (const x of v.exchanges.values()) x.delayed?.stop();
    await this.store.close();
    this.lock.release();
  }
}

function storedMessage(e: RecoveredEntry): Message {
  const s = e.message;
  return new Message(s.exchange, s.routingKey, decodeProperties(s.properties), s.properties, s.body, s.bodySize, s.publishedAt);
}

export function collectDefinitions(vhosts: VHost[]): Definitions {
  const defs: Definitions = { exchanges: [], queues: [], bindings: [] };
  for (const v of vhosts) {
    for (const x of v.exchanges.values()) {
      if (x.builtIn || !x.options.durable) continue;
      defs.exchanges.push({ vhost: v.name, name: x.name, type: x.type, autoDelete: x.options.autoDelete, internal: x.options.internal, args: tableOut(x.options.args) });
    }
    for (const q of v.queues.values()) {
      if (!q.options.durable || q.options.exclusive) continue;
      defs.queues.push({ vhost: v.name, name: q.name, autoDelete: q.options.autoDelete, args: tableOut(q.options.args) });
    }
    for (const x of v.exchanges.values()) {
      for (const b of x.bindings.values()) {
        if (!isDurableBinding(b)) continue;
        defs.bindings.push({ vhost: v.name, source: x.name, destination: b.destination.name, destinationType: b.destination.kind, routingKey: b.routingKey, args: tableOut(b.args) });
      }
    }
  }
  return defs;
}
