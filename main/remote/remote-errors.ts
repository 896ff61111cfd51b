// A remote broker's refusals as the contract's error results. The management client's
// RemoteError already says what went wrong in words; this picks the code the window acts on.
import type { CommandError, ErrorCode } from '../../shared/ipc/contract';
import { ReplyCode, type ReplyCodeName } from '../../shared/model/reply-codes';
import { RemoteError } from './management-client';

/** Reply names RabbitMQ puts before the text of a refusal it passes through from the broker
 *  ("PRECONDITION_FAILED - inequivalent arg 'durable' ..."). */
const REPLY_PREFIX = /\b(PRECONDITION_FAILED|ACCESS_REFUSED|NOT_FOUND|RESOURCE_LOCKED|NOT_ALLOWED|RESOURCE_ERROR)\b/;

/**
 * auth and forbidden -> ACCESS_REFUSED; not-found -> NOT_FOUND; the broker's refusals keep the
 * reply name in their text when there is one, else BAD_REQUEST (4xx) or INTERNAL_ERROR (5xx: the
 * remote's, not ours); a broker that cannot be reached (unreachable, tls, timeout, protocol) ->
 * DISCONNECTED: nothing went wrong in Warren, the window has no broker until that is fixed.
 */
export function remoteFailure(err: unknown): CommandError | null {
  if (!(err instanceof RemoteError)) return null;
  const withCode = (code: ErrorCode): CommandError => {
    const replyCode = (ReplyCode as Record<string, number>)[code];
    return replyCode === undefined ? { code, message: err.message } : { code, message: err.message, replyCode };
  };
  switch (err.kind) {
    case 'auth': case 'forbidden': return withCode('ACCESS_REFUSED');
    case 'not-found': return withCode('NOT_FOUND');
    case 'http': {
      const named = REPLY_PREFIX.exec(err.message);
      if (named) return withCode(named[1] as ReplyCodeName);
      // what AMQP refuses with 406 the API refuses with a bare 400
      if (/\binequivalent arg\b/.test(err.message)) return withCode('PRECONDITION_FAILED');
      return withCode((err.status ?? 500) >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    }
    default: return withCode('DISCONNECTED');
  }
}
