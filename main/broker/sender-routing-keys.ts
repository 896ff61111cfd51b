// Sender-selected distribution (RabbitMQ's CC and BCC headers): extra routing keys carried in the
// message; BCC is removed before anyone receives the message.
import type { BasicProperties, FieldValue } from '../../shared/model/amqp-values';
import { ChannelError, Reply } from './errors';
import { asString, tableGet, TYPE_NAMES } from './field-values';

/** CC and BCC must be arrays of strings; anything else is refused as RabbitMQ refuses it. */
function keysOf(name: string, v: FieldValue | undefined, out: string[]): void {
  if (!v) return;
  if (v.type !== 'A') {
    throw new ChannelError(Reply.PRECONDITION_FAILED,
      `invalid message: {unacceptable_type_in_header,"${name}",${TYPE_NAMES[v.type]}} (${name} must be an array of routing keys)`);
  }
  for (const x of v.value) { const s = asString(x); if (s !== undefined) out.push(s); }
}

/** CC keys (kept in the message). */
export function ccKeys(p: BasicProperties): string[] {
  const out: string[] = [];
  keysOf('CC', tableGet(p.headers, 'CC'), out);
  return out;
}

/** All routing keys for a publish: the key itself, then CC, then BCC. */
export function publishRoutingKeys(routingKey: string, p: BasicProperties): string[] | null {
  if (!p.headers || p.headers.length === 0) return null;
  const cc = tableGet(p.headers, 'CC');
  const bcc = tableGet(p.headers, 'BCC');
  if (!cc && !bcc) return null;
  const out = [routingKey];
  keysOf('CC', cc, out);
  keysOf('BCC', bcc, out);
  return out;
}

/** The properties with BCC removed, or the same object when there was none. */
export function withoutBcc(p: BasicProperties): BasicProperties {
  if (!tableGet(p.headers, 'BCC')) return p;
  return { ...p, headers: p.headers!.filter(([k]) => k !== 'BCC') };
}
