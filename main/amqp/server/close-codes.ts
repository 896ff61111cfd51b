// How the broker's reasons for ending a connection read on AMQP: reply codes and their texts.
import type { CloseKind } from '../../broker/client';
import { Reply } from '../../broker/errors';
import { replyName } from '../spec';

/** Every broker-side close is 320 CONNECTION_FORCED, as RabbitMQ sends on shutdown, from the
 *  management UI, and when a vhost is deleted. */
const CLOSE_CODES: Record<CloseKind, number> = {
  shutdown: Reply.CONNECTION_FORCED,
  admin: Reply.CONNECTION_FORCED,
  'vhost-deleted': Reply.CONNECTION_FORCED,
};

export function closeCode(kind: CloseKind): number {
  return CLOSE_CODES[kind];
}

/** RabbitMQ's reply text: "NAME - detail" (an unnamed code reads INTERNAL_ERROR). */
export function replyText(code: number, detail: string): string {
  const name = replyName(code);
  return `${/^\d+$/.test(name) ? 'INTERNAL_ERROR' : name} - ${detail}`;
}

/** A reply text is a short string (at most 255 bytes) but may quote a client's names, which can
 *  be 255 bytes themselves: RabbitMQ cuts it to 252 bytes and appends "...", as here (at a
 *  character boundary, so the text stays UTF-8). */
export function shortReplyText(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= 255) return text;
  const b = Buffer.from(text, 'utf8');
  let end = 252;
  while (end > 0 && (b[end] & 0xc0) === 0x80) end--; // not inside a multi-byte character
  return `${b.toString('utf8', 0, end)}...`;
}
