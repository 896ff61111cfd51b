// Direct reply-to (RabbitMQ's amq.rabbitmq.reply-to): an RPC client consumes the pseudo-queue in
// no-ack mode; its requests carry reply_to "amq.rabbitmq.reply-to.<token>", and replies published
// to the default exchange with that key go straight to the client, with no queue involved.
import { randomBytes } from 'node:crypto';
import type { Message } from './message';

export const REPLY_TO = 'amq.rabbitmq.reply-to';
const PREFIX = `${REPLY_TO}.`;

export interface ReplyTarget {
  /** deliver a reply; false if the target can no longer take it */
  deliverReply(message: Message): boolean;
}

export class ReplyTargets {
  private readonly targets = new Map<string, ReplyTarget>();

  /** Register a consumer; returns the reply_to address its requests will carry. */
  register(target: ReplyTarget): string {
    const address = PREFIX + randomBytes(12).toString('base64'); // RabbitMQ's alphabet: A-Z a-z 0-9 + /
    this.targets.set(address, target);
    return address;
  }

  unregister(address: string): void {
    this.targets.delete(address);
  }

  owns(routingKey: string): boolean {
    return routingKey.startsWith(PREFIX);
  }

  deliver(address: string, message: Message): boolean {
    const t = this.targets.get(address);
    return t !== undefined && t.deliverReply(message);
  }
}
