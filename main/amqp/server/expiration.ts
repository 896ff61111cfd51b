// The expiration property (per-message TTL), checked when a message is published.
import { ChannelError, Reply } from '../../broker/errors';

/** A non-negative integer number of milliseconds, as a string. Errors carry RabbitMQ's term
 *  (no_integer, {value_negative,N}, {leftover_string,"..."}) and words. */
export function parseExpiration(s: string): number {
  const m = /^([+-]?\d+)(.*)$/s.exec(s);
  const fail = (term: string): never => {
    throw new ChannelError(Reply.PRECONDITION_FAILED, `invalid expiration '${s}': ${term} (expiration must be a whole, non-negative number of milliseconds)`);
  };
  if (!m) return fail('no_integer');
  if (m[2] !== '') return fail(`{leftover_string,${JSON.stringify(m[2])}}`);
  const n = Number(m[1]);
  if (n < 0) return fail(`{value_negative,${n}}`);
  return n;
}
