// message_stats as RabbitMQ's management API shows them: each counter with a `_details.rate` per
// second. The core only counts; rates are worked out here when the API is read, against the
// previous reading of the same counters (kept per counter object, renewed at most once a second).
import type { MessageCounts } from '../../shared/model/topology';
import { STAT_FIELDS } from '../broker/message-stats';

/** RabbitMQ's names; deliver_get is the sum of the four ways a message leaves a queue. */
const NAMES: Record<keyof MessageCounts, string> = {
  publish: 'publish', publishIn: 'publish_in', publishOut: 'publish_out', deliver: 'deliver', deliverNoAck: 'deliver_no_ack',
  get: 'get', getNoAck: 'get_no_ack', getEmpty: 'get_empty', ack: 'ack', redeliver: 'redeliver', confirm: 'confirm',
  returnUnroutable: 'return_unroutable', dropUnroutable: 'drop_unroutable',
};
const DELIVER_GET: readonly (keyof MessageCounts)[] = ['deliver', 'deliverNoAck', 'get', 'getNoAck'];

/** Which counters each kind of object shows (as RabbitMQ 3.10 does). */
export const QUEUE_STATS: readonly (keyof MessageCounts)[] = ['ack', 'deliver', 'deliverNoAck', 'get', 'getEmpty', 'getNoAck', 'publish', 'redeliver'];
export const CHANNEL_STATS: readonly (keyof MessageCounts)[] = [...QUEUE_STATS, 'confirm', 'dropUnroutable', 'returnUnroutable'];
export const EXCHANGE_STATS: readonly (keyof MessageCounts)[] = ['publishIn', 'publishOut'];

const MIN_INTERVAL_MS = 1000;

interface Sample { at: number; counts: MessageCounts; rates: MessageCounts }

const samples = new WeakMap<MessageCounts, Sample>();

const zero = (): MessageCounts => Object.fromEntries(STAT_FIELDS.map((k) => [k, 0])) as unknown as MessageCounts;
const copy = (c: MessageCounts): MessageCounts => Object.fromEntries(STAT_FIELDS.map((k) => [k, c[k]])) as unknown as MessageCounts;

/** Per-second rates of one counter object since its previous reading. */
export function ratesOf(counts: MessageCounts, now = Date.now()): MessageCounts {
  const s = samples.get(counts);
  if (!s) {
    samples.set(counts, { at: now, counts: copy(counts), rates: zero() });
    return zero();
  }
  const elapsed = now - s.at;
  if (elapsed < MIN_INTERVAL_MS) return s.rates;
  const rates = zero();
  for (const k of STAT_FIELDS) rates[k] = Math.round(((counts[k] - s.counts[k]) * 1000 / elapsed) * 10) / 10;
  samples.set(counts, { at: now, counts: copy(counts), rates });
  return rates;
}

/** The message_stats field for `sources` summed (a connection's channels, the overview's vhosts):
 *  {} when nothing was counted yet (RabbitMQ leaves message_stats out then); exchanges show only
 *  their non-zero counters, as RabbitMQ does. */
export function messageStatsField(sources: readonly MessageCounts[], fields: readonly (keyof MessageCounts)[], now = Date.now()): { message_stats?: Record<string, unknown> } {
  const total = zero();
  const rate = zero();
  for (const s of sources) {
    const r = ratesOf(s, now);
    for (const k of STAT_FIELDS) { total[k] += s[k]; rate[k] += r[k]; }
  }
  if (!fields.some((k) => total[k] !== 0)) return {};
  const out: Record<string, unknown> = {};
  const put = (name: string, n: number, perSecond: number): void => { out[name] = n; out[`${name}_details`] = { rate: perSecond }; };
  const sparse = fields === EXCHANGE_STATS;
  for (const k of fields) if (!sparse || total[k] !== 0) put(NAMES[k], total[k], rate[k]);
  if (fields.includes('deliver')) put('deliver_get', DELIVER_GET.reduce((n, k) => n + total[k], 0), DELIVER_GET.reduce((n, k) => n + rate[k], 0));
  return { message_stats: out };
}
