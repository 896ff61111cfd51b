// A channel's side of direct reply-to (amq.rabbitmq.reply-to): at most one reply consumer, no
// queue, no-ack only (RabbitMQ's rules); requests naming the pseudo-queue get the channel's
// private address instead, and replies to it are delivered straight to the channel.
import { ChannelError, Reply } from '../../broker/errors';
import type { Message } from '../../broker/message';
import type { ReplyTargets } from '../../broker/reply-to';

export class DirectReplyTo {
  private consumer: { tag: string; address: string } | null = null;

  constructor(private readonly targets: ReplyTargets, private readonly deliver: (consumerTag: string, m: Message) => boolean) {}

  get tag(): string | null { return this.consumer?.tag ?? null; }

  /** basic.consume on amq.rabbitmq.reply-to */
  consume(tag: string, noAck: boolean): void {
    if (!noAck) throw new ChannelError(Reply.PRECONDITION_FAILED, 'reply consumer cannot acknowledge');
    if (this.consumer) throw new ChannelError(Reply.PRECONDITION_FAILED, 'reply consumer already set');
    const address = this.targets.register({ deliverReply: (m) => this.consumer !== null && this.deliver(this.consumer.tag, m) });
    this.consumer = { tag, address };
  }

  cancel(): void {
    if (!this.consumer) return;
    this.targets.unregister(this.consumer.address);
    this.consumer = null;
  }

  /** A request names amq.rabbitmq.reply-to: it must come from a channel consuming it, and the
   *  responder sees this channel's private address instead. */
  useFor(m: Message): void {
    if (!this.consumer) throw new ChannelError(Reply.PRECONDITION_FAILED, 'fast reply consumer does not exist');
    m.setProperties({ ...m.properties, replyTo: this.consumer.address });
  }
}
