// The producer and consumer forms' texts -> the spec main runs (shared/model/simulate.ts); a
// sentence naming the first field that is not valid. Chances are typed as percentages.
import type { ConsumerSpec, ProducerSpec } from '../../../shared/model/simulate';

export interface ProducerValues {
  exchange: string;
  keyMode: ProducerSpec['keyMode'];
  /** one key (fixed), or keys separated by commas (in turn) */
  keys: string;
  /** one header a line, "name: value" (numbers and true/false are sent as such) */
  headers: string;
  body: string;
  persistent: boolean;
  ttl: string;
  priority: string;
  rate: string;
  mandatory: boolean;
}

export interface ConsumerValues {
  queue: string;
  prefetch: string;
  ack: ConsumerSpec['ack'];
  work: 'fixed' | 'random';
  workMs: string;
  workMinMs: string;
  workMaxMs: string;
  nackPercent: string;
  rejectPercent: string;
  requeue: boolean;
  priority: string;
  exclusive: boolean;
}

export const PRODUCER_DEFAULTS: ProducerValues = {
  exchange: '', keyMode: 'fixed', keys: '', headers: '', body: 'message {n}', persistent: false, ttl: '', priority: '', rate: '1', mandatory: false,
};
export const CONSUMER_DEFAULTS: ConsumerValues = {
  queue: '', prefetch: '1', ack: 'manual', work: 'fixed', workMs: '200', workMinMs: '100', workMaxMs: '500',
  nackPercent: '0', rejectPercent: '0', requeue: false, priority: '', exclusive: false,
};

class FieldError extends Error {}

/** a number from the text, within bounds; '' is `empty` (null for optional fields) */
function num(text: string, label: string, min: number, max: number, opts: { whole?: boolean; empty?: number | null } = {}): number | null {
  const t = text.trim();
  if (t === '') {
    if (opts.empty === undefined) throw new FieldError(`${label}: a number, please`);
    return opts.empty;
  }
  const n = Number(t);
  if (!Number.isFinite(n) || (opts.whole && !Number.isInteger(n))) throw new FieldError(`${label}: ${opts.whole ? 'a whole number' : 'a number'}, please`);
  if (n < min || n > max) throw new FieldError(`${label} must be from ${min} to ${max}`);
  return n;
}

function headersOf(text: string): ProducerSpec['headers'] {
  const out: ProducerSpec['headers'] = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    const name = (colon < 0 ? '' : line.slice(0, colon)).trim();
    if (!name) throw new FieldError(`Headers: write each as "name: value", not '${line}'`);
    const v = line.slice(colon + 1).trim();
    out[name] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

const attempt = <T>(make: () => T): T | string => {
  try { return make(); } catch (e) { if (e instanceof FieldError) return e.message; throw e; }
};

export function producerSpec(v: ProducerValues, vhost: string): ProducerSpec | string {
  return attempt(() => {
    const keys = v.keyMode === 'round-robin' ? v.keys.split(',').map((k) => k.trim()).filter(Boolean) : [v.keys.trim()];
    if (v.keyMode === 'round-robin' && keys.length === 0) throw new FieldError('Routing keys: give at least one, separated by commas');
    return {
      vhost, exchange: v.exchange, keyMode: v.keyMode, keys: v.keyMode === 'random-words' ? [] : keys, headers: headersOf(v.headers), body: v.body,
      persistent: v.persistent,
      ttl: num(v.ttl, 'TTL', 0, 2 ** 31 - 1, { whole: true, empty: null }),
      priority: num(v.priority, 'Priority', 0, 255, { whole: true, empty: null }),
      rate: num(v.rate, 'Rate', 0, 10_000, { empty: 0 })!,
      mandatory: v.mandatory,
    };
  });
}

export function consumerSpec(v: ConsumerValues, vhost: string): ConsumerSpec | string {
  return attempt(() => {
    if (!v.queue) throw new FieldError('Queue: pick the queue to consume from');
    const [min, max] = v.work === 'fixed'
      ? [num(v.workMs, 'Processing time', 0, 600_000, { whole: true })!, null]
      : [num(v.workMinMs, 'Shortest processing time', 0, 600_000, { whole: true })!, num(v.workMaxMs, 'Longest processing time', 0, 600_000, { whole: true })!];
    if (max !== null && max < min) throw new FieldError('Longest processing time must not be below the shortest');
    const manual = v.ack === 'manual';
    const nack = manual ? num(v.nackPercent, 'Nack chance', 0, 100, { empty: 0 })! / 100 : 0;
    const reject = manual ? num(v.rejectPercent, 'Reject chance', 0, 100, { empty: 0 })! / 100 : 0;
    if (nack + reject > 1) throw new FieldError('Nack and reject chances add up to more than 100 %');
    return {
      vhost, queue: v.queue,
      prefetch: num(v.prefetch, 'Prefetch', 0, 65_535, { whole: true, empty: 0 })!,
      ack: v.ack, workMinMs: min, workMaxMs: max ?? min, nackChance: nack, rejectChance: reject, requeue: v.requeue,
      priority: num(v.priority, 'Consumer priority', -(2 ** 31), 2 ** 31 - 1, { whole: true, empty: null }),
      exclusive: v.exclusive,
    };
  });
}
