// Publisher confirms (confirm.select): each publish gets the next sequence number, acked once
// routed (or once on disk, for messages the durable store keeps) and nacked when a queue refuses
// it (x-overflow reject-publish). Immediate confirms are in order, so they are coalesced into one
// basic.ack(multiple) per flush.
import type { MessagePersistence } from '../../broker/persistence';
import type { FrameWriter } from '../codec/frame-writer';

/** What confirms need from their channel. */
export interface ConfirmsHost {
  readonly id: number;
  readonly writer: FrameWriter;
  readonly persistence: MessagePersistence | null;
  readonly isOpen: boolean;
  scheduleFlush(): void;
}

export class PublisherConfirms {
  /** next publish sequence number (0 = not in confirm mode) */
  private nextSeq = 0;
  /** highest sequence number confirmed but not yet sent as a (multiple) basic.ack */
  private pending = 0;
  /** highest sequence number waiting for the store's next sync (0: none) */
  private awaitingSync = 0;
  /** the sequence number the registered whenSynced callback will confirm */
  private syncTarget = 0;
  /** the highest multiple basic.ack sent */
  private acked = 0;

  constructor(private readonly host: ConfirmsHost) {}

  get enabled(): boolean { return this.nextSeq > 0; }
  get hasPending(): boolean { return this.pending !== 0; }

  /** Publishes the client has not had a confirm for yet (nacks are sent at once; this counts
   *  the coalesced acks not yet written and those waiting for the disk). */
  get unconfirmed(): number {
    return Math.max(0, Math.max(this.pending, this.awaitingSync) - this.acked);
  }

  /** confirm.select (again: no change) */
  enable(): void {
    if (this.nextSeq === 0) this.nextSeq = 1;
  }

  /** A publish was routed: `rejected` by a queue, or `stored` on the durable store. */
  published(rejected: boolean, stored: boolean): void {
    const seq = this.nextSeq++;
    if (rejected) this.nack(seq);
    // Persisted messages are confirmed once on disk; later confirms queue behind them so that
    // a multiple ack never covers a message still in flight to the disk.
    else if (stored || this.awaitingSync > 0) this.afterSync(seq);
    else this.ack(seq);
  }

  /** Called just before the connection writes: emit the coalesced confirm. */
  flush(): void {
    if (this.pending === 0) return;
    const tag = this.pending;
    this.pending = 0;
    this.acked = tag;
    this.host.writer.method(this.host.id, 'basic.ack', { deliveryTag: tag, multiple: true });
  }

  private ack(seq: number): void {
    this.pending = seq;
    this.host.scheduleFlush();
  }

  private nack(seq: number): void {
    this.flush();
    this.host.writer.method(this.host.id, 'basic.nack', { deliveryTag: seq, multiple: false, requeue: false });
    this.host.scheduleFlush();
  }

  private afterSync(seq: number): void {
    this.awaitingSync = seq;
    if (this.syncTarget !== 0) return;
    this.syncTarget = seq;
    this.host.persistence!.whenSynced(this.onSynced);
  }

  private readonly onSynced = (): void => {
    const target = this.syncTarget;
    this.syncTarget = 0;
    if (!this.host.isOpen) return;
    this.ack(target);
    if (this.awaitingSync > target) {
      this.syncTarget = this.awaitingSync;
      this.host.persistence!.whenSynced(this.onSynced);
    } else {
      this.awaitingSync = 0;
    }
  };
}
