// Typed broker errors. They carry RabbitMQ's reply code and their scope: a channel error closes
// only the channel that caused it, a connection error the whole connection (AMQP 0-9-1 §1.5.2.1).

export const Reply = {
  NO_ROUTE: 312,
  CONNECTION_FORCED: 320,
  ACCESS_REFUSED: 403,
  NOT_FOUND: 404,
  RESOURCE_LOCKED: 405,
  PRECONDITION_FAILED: 406,
  FRAME_ERROR: 501,
  SYNTAX_ERROR: 502,
  COMMAND_INVALID: 503,
  CHANNEL_ERROR: 504,
  UNEXPECTED_FRAME: 505,
  RESOURCE_ERROR: 506,
  NOT_ALLOWED: 530,
  NOT_IMPLEMENTED: 540,
  INTERNAL_ERROR: 541,
} as const;

export type ReplyName = keyof typeof Reply;
export type ReplyCode = (typeof Reply)[ReplyName];

const names = new Map<number, ReplyName>(Object.entries(Reply).map(([k, v]) => [v, k as ReplyName]));

export abstract class BrokerError extends Error {
  abstract readonly scope: 'channel' | 'connection';
  constructor(readonly replyCode: ReplyCode, readonly detail: string) {
    super(`${names.get(replyCode)} - ${detail}`);
  }
  /** RabbitMQ's reply text: "NOT_FOUND - no queue 'q' in vhost '/'". */
  get replyText(): string { return this.message; }
  get replyName(): ReplyName { return names.get(this.replyCode)!; }
}

export class ChannelError extends BrokerError {
  readonly scope = 'channel' as const;
}

export class ConnectionError extends BrokerError {
  readonly scope = 'connection' as const;
}

export const notFound = (kind: 'queue' | 'exchange', name: string, vhost: string): ChannelError =>
  new ChannelError(Reply.NOT_FOUND, `no ${kind} '${name}' in vhost '${vhost}'`);
