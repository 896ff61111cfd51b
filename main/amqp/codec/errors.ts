// A malformed byte stream. The reply code tells the connection how to close: every codec error
// is a hard (connection-level) error, as RabbitMQ treats them.
//   501 FRAME_ERROR     bad frame end, oversize or unknown frame type, and (as RabbitMQ: "cannot
//                       decode") a method payload that is truncated, has trailing bytes or a bad table
//   502 SYNTAX_ERROR    a content header whose property list is malformed (RabbitMQ crashes with 541)
//   540 NOT_IMPLEMENTED an unknown class/method id (RabbitMQ drops the socket without a code)

export class CodecError extends Error {
  constructor(
    readonly replyCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CodecError';
  }
}
