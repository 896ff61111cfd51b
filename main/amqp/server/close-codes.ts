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
