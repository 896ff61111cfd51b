// Dead-lettering (RabbitMQ's rabbit_dead_letter): a message leaving a queue for one of a closed set
// of reasons is republished to the queue's dead-letter exchange with an x-death history.
import type { BasicProperties, FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { DeadLetterReason } from '../../shared/model/events';
import { asString, str, tableGet } from './field-values';
import { Message } from './message';
import { ccKeys } from './sender-routing-keys';

const long = (n: number): FieldValue => ({ type: 'l', value: BigInt(n) });

/** The message as it is republished: x-death updated, expiration removed (kept as original-expiration). */
export function deadLetteredMessage(m: Message, queue: string, reason: DeadLetterReason, exchange: string, routingKey: string | undefined, now: number): Message {
  const p = m.properties;
  // With an x-dead-letter-routing-key the CC keys are not used again, and RabbitMQ drops the header.
  const headers: FieldTable = p.headers ? p.headers.filter(([k]) => k !== 'x-death' && !(routingKey !== undefined && k === 'CC')) : [];
  const deaths = xDeaths(p);
  const routingKeys: FieldValue = { type: 'A', value: [m.routingKey, ...ccKeys(p)].map(str) };
  const same = deaths.findIndex((d) => asString(tableGet(d, 'queue')) === queue && asString(tableGet(d, 'reason')) === reason);
  let entry: FieldTable;
  const first = deaths.length === 0;
  if (same >= 0) {
    // The same (queue, reason) again: count it and move the entry to the front, as RabbitMQ does.
    const old = deaths.splice(same, 1)[0];
    const count = tableGet(old, 'count');
    const n = count && (count.type === 'l' || count.type === 'T') ? Number(count.value) : count && typeof count.value === 'number' ? count.value : 0;
    entry = old.map(([k, v]): [string, FieldValue] => (k === 'count' ? [k, long(n + 1)] : [k, v]));
  } else {
    entry = [
      ['count', long(1)],
      ['reason', str(reason)],
      ['queue', str(queue)],
      ['time', { type: 'T', value: BigInt(Math.floor(now / 1000)) }],
      ['exchange', str(m.exchange)],
      ['routing-keys', routingKeys],
    ];
    if (p.expiration !== undefined) entry.push(['original-expiration', str(p.expiration)]);
    // RabbitMQ writes a first death in this order, and sorts an entry's keys once others exist.
    if (!first) entry.sort(byKey);
  }
  deaths.unshift(entry);
  headers.push(['x-death', { type: 'A', value: deaths.map((d) => ({ type: 'F', value: d })) }]);
  if (!tableGet(headers, 'x-first-death-reason')) {
    headers.push(['x-first-death-exchange', str(m.exchange)]);
    headers.push(['x-first-death-queue', str(queue)]);
    headers.push(['x-first-death-reason', str(reason)]);
  }
  headers.sort(byKey); // RabbitMQ's header tables come out sorted by key after dead-lettering
  const props: BasicProperties = { ...p, headers };
  delete props.expiration;
  const dl = new Message(exchange, routingKey ?? m.routingKey, props, null, m.body, m.bodySize, m.publishedAt);
  dl.lineage = m.lineage;
  return dl;
}

const byKey = (a: [string, FieldValue], b: [string, FieldValue]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function xDeaths(p: BasicProperties): FieldTable[] {
  const v = tableGet(p.headers, 'x-death');
  if (!v || v.type !== 'A') return [];
  return v.value.filter((x): x is { type: 'F'; value: FieldTable } => x.type === 'F').map((x) => x.value);
}

/** RabbitMQ's cycle rule: dead-lettering into a queue already in the history is a cycle unless a
 *  rejection happened since; such a message is dropped for that queue. */
export function isDeadLetterCycle(m: Message, targetQueue: string): boolean {
  const deaths = xDeaths(m.properties);
  for (const d of deaths) {
    if (asString(tableGet(d, 'reason')) === 'rejected') return false;
    if (asString(tableGet(d, 'queue')) === targetQueue) return true;
  }
  return false;
}
