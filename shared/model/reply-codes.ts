// AMQP 0-9-1 reply codes (the spec's constants, with RabbitMQ's use of them): one table for the
// codec, the broker core's typed errors and the UI.

export const ReplyCode = {
  REPLY_SUCCESS: 200,
  CONTENT_TOO_LARGE: 311,
  NO_ROUTE: 312,
  NO_CONSUMERS: 313,
  CONNECTION_FORCED: 320,
  INVALID_PATH: 402,
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
export type ReplyCodeName = keyof typeof ReplyCode;

const replyNames = new Map<number, ReplyCodeName>(
  (Object.keys(ReplyCode) as ReplyCodeName[]).map((name) => [ReplyCode[name], name]),
);

/** 'NOT_FOUND' for 404; unknown codes come back as their number so logs stay informative. */
export function replyName(code: number): string {
  return replyNames.get(code) ?? String(code);
}

/** Hard errors close the connection; soft errors (3xx, 4xx) only the channel. */
export function isHardError(code: number): boolean {
  return code === ReplyCode.CONNECTION_FORCED || code === ReplyCode.INVALID_PATH || code >= 500;
}

