// Typed broker errors. They carry RabbitMQ's reply code and their scope: a channel error closes
// only the channel that caused it, a connection error the whole connection (AMQP 0-9-1 §1.5.2.1).
import { ReplyCode, replyName } from '../../shared/model/reply-codes';

/** The core uses the reply codes RabbitMQ gives for each error (shared/model/reply-codes.ts). */
export const Reply = ReplyCode;

export type ReplyName = keyof typeof Reply;
export type ReplyCode = (typeof Reply)[ReplyName];

export abstract class BrokerError extends Error {
  abstract readonly scope: 'channel' | 'connection';
  constructor(readonly replyCode: ReplyCode, readonly detail: string) {
    super(`${replyName(replyCode)} - ${detail}`);
  }
  /** RabbitMQ's reply text: "NOT_FOUND - no queue 'q' in vhost '/'". */
  get replyText(): string { return this.message; }
  get replyName(): ReplyName { return replyName(this.replyCode) as ReplyName; }
}

export class ChannelError extends BrokerError {
  readonly scope = 'channel' as const;
}

export class ConnectionError extends BrokerError {
  readonly scope = 'connection' as const;
}

export const notFound = (kind: 'queue' | 'exchange', name: string, vhost: string): ChannelError =>
  new ChannelError(Reply.NOT_FOUND, `no ${kind} '${name}' in vhost '${vhost}'`);
