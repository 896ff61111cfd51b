// A connection's channels: multiplexing frames onto them and each channel's lifecycle (open,
// closed by the client, closed by an error with channel.close and close-ok, released when the
// connection goes). The channel's own state machine is in channel.ts.
import type { HeldMessage } from '../../broker/client';
import { BrokerError, ChannelError, ConnectionError, Reply } from '../../broker/errors';
import type { ChannelInfo } from '../../../shared/model/topology';
import type { Frame, Method } from '../codec/types';
import { Channel, type ChannelHost } from './channel';
import { shortReplyText } from './close-codes';
import { channelLocation } from './consumer';
import { channelHandlers } from './methods';
import { methodSpecByName } from '../spec';

/** a channel error raised by content frames names basic.publish */
const PUBLISH = methodSpecByName('basic.publish')!;

export interface ChannelsHost extends ChannelHost {
  /** how many channels may be open at once, agreed in tune-ok */
  readonly channelMax: number;
  /** the broker's say on one more channel (the user's max-channels); throws to refuse */
  admitChannel(): void;
}

type ChannelFrame = Exclude<Frame, { type: 'heartbeat' }>;

export class Channels {
  private readonly open = new Map<number, Channel>();

  constructor(private readonly host: ChannelsHost) {}

  /** A frame for channel `frame.channel` (not 0) on a running connection. */
  receive(frame: ChannelFrame): void {
    const id = frame.channel;
    const ch = this.open.get(id);
    if (!ch) {
      if (frame.type === 'method' && frame.method.name === 'channel.open') return this.openChannel(id);
      throw new ConnectionError(Reply.CHANNEL_ERROR, `expected 'channel.open' on channel ${id}`);
    }
    if (!ch.isOpen) {
      if (frame.type !== 'method') return;
      if (frame.method.name === 'channel.close-ok') this.remove(ch, 'closed by broker');
      else if (frame.method.name === 'channel.close') {
        // Both sides closed at once: answer, and the channel is done.
        ch.send('channel.close-ok', {});
        this.remove(ch, 'closed by both sides');
      }
      return;
    }
    try {
      switch (frame.type) {
        case 'method': return this.method(ch, frame.method);
        case 'header': return ch.contentHeader(frame.classId, frame.bodySize, frame.rawProperties);
        case 'body': return ch.contentBody(frame.payload);
      }
    } catch (err) {
      if (err instanceof BrokerError && err.scope === 'channel') this.closeOnError(ch, err, frame);
      else throw err;
    }
  }

  private method(ch: Channel, m: Method): void {
    const ev = this.host.events;
    if (!ev.active) return this.dispatch(ch, m);
    // watched: the events this method causes name the connection's user
    ev.actor = this.host.client.info.user;
    try { this.dispatch(ch, m); } finally { ev.actor = null; }
  }

  private dispatch(ch: Channel, m: Method): void {
    if (ch.expectingContent) throw new ConnectionError(Reply.UNEXPECTED_FRAME, `expected content on channel ${ch.id}, got ${m.name}`);
    switch (m.name) {
      case 'channel.open': throw new ConnectionError(Reply.CHANNEL_ERROR, `second 'channel.open' seen on channel ${ch.id}`);
      case 'channel.close':
        ch.send('channel.close-ok', {});
        this.remove(ch, `closed by client: ${m.args.replyCode} ${m.args.replyText}`);
        return;
      case 'channel.close-ok': return; // a late close-ok for a channel we did not close: ignore
    }
    const handler = channelHandlers[m.name] as ((ch: Channel, args: unknown) => void) | undefined;
    if (!handler) throw new ConnectionError(Reply.COMMAND_INVALID, `method ${m.name} is not valid on a channel`);
    handler(ch, m.args);
  }

  get size(): number { return this.open.size; }

  /** channel_max bounds how many channels are open at once, not their numbers (RabbitMQ's reader
   *  opens channel 5000 under channel_max 2047, and refuses the 2048th open channel with 530). */
  private openChannel(id: number): void {
    const max = this.host.channelMax;
    if (this.open.size >= max) throw new ConnectionError(Reply.NOT_ALLOWED, `number of channels opened (${this.open.size}) has reached the negotiated channel_max (${max})`);
    this.host.admitChannel();
    const ch = new Channel(this.host, id);
    this.open.set(id, ch);
    ch.send('channel.open-ok', {});
    if (this.host.events.active) this.host.events.emit({ type: 'channel.opened', connectionId: this.host.client.info.id, channel: id });
  }

  /** Consumer timeouts: a channel holding a delivery past its queue's timeout (else `fallback`,
   *  the broker's default) is closed with 406, as RabbitMQ does (its unacked messages go back to
   *  their queues). */
  closeTimedOut(now: number, fallback: number | null): void {
    for (const ch of this.open.values()) {
      if (!ch.isOpen || ch.deliveries.size === 0) continue;
      const overdue = ch.deliveries.overdue(now, fallback);
      if (!overdue) continue;
      const text = `delivery acknowledgement on channel ${ch.id} timed out. Timeout value used: ${overdue.timeout} ms. This timeout value can be configured, see consumers doc guide to learn more`;
      this.closeWith(ch, new ChannelError(Reply.PRECONDITION_FAILED, text), 0, 0);
    }
  }

  /** A channel error: channel.close with its code, then wait for close-ok. */
  private closeOnError(ch: Channel, err: BrokerError, frame: ChannelFrame): void {
    const [classId, methodId] = frame.type === 'method' ? [frame.method.classId, frame.method.methodId] : [PUBLISH.classId, PUBLISH.methodId];
    this.closeWith(ch, err, classId, methodId);
  }

  private closeWith(ch: Channel, err: BrokerError, classId: number, methodId: number): void {
    ch.release();
    ch.send('channel.close', { replyCode: err.replyCode, replyText: shortReplyText(err.replyText), classId, methodId });
    this.emitClosed(ch, err.replyText);
  }

  private remove(ch: Channel, reason: string): void {
    this.open.delete(ch.id);
    if (ch.isOpen) this.emitClosed(ch, reason);
    ch.release();
  }

  private emitClosed(ch: Channel, reason: string): void {
    if (this.host.events.active) this.host.events.emit({ type: 'channel.closed', connectionId: this.host.client.info.id, channel: ch.id, reason });
  }

  /** The connection is closing: every channel lets go of its consumers and deliveries, and the
   *  open ones are reported closed (RabbitMQ's channel_closed for each, by the connection's user). */
  releaseAll(): void {
    const ev = this.host.events;
    if (!ev.active) {
      for (const ch of this.open.values()) ch.release();
      return;
    }
    ev.as(this.host.client.info.user, () => {
      for (const ch of this.open.values()) {
        const wasOpen = ch.isOpen;
        ch.release();
        if (wasOpen) this.emitClosed(ch, 'connection closed');
      }
    });
  }

  /** The connection is gone. */
  clear(): void {
    this.releaseAll();
    this.open.clear();
  }

  /** Just before output is written: the channels' coalesced confirms. */
  flushConfirms(): void {
    for (const ch of this.open.values()) if (ch.confirms.hasPending) ch.confirms.flush();
  }

  /** Output drained: consumers paused for backpressure may take messages again. */
  kickConsumers(): void {
    for (const ch of this.open.values()) if (ch.hasConsumers) ch.kickConsumers();
  }

  *unacked(): Iterable<HeldMessage> {
    for (const ch of this.open.values()) {
      const location = channelLocation(ch.id);
      for (const [deliveryTag, entry] of ch.deliveries.entries()) {
        yield { entry, location, deliveryTag, consumerTag: entry.consumer?.tag ?? null };
      }
    }
  }

  infos(connectionId: string): ChannelInfo[] {
    return [...this.open.values()].map((ch) => ch.info(connectionId));
  }
}
