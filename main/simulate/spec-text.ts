// `warren simulate`'s --producer and --consumer values: comma-separated key=value pairs, as
// `exchange=orders,key=order.created,rate=50` and `queue=orders,prefetch=1,work=200ms,reject=0.1`.
import type { ConsumerSpec, ProducerSpec } from '../../shared/model/simulate';

export class SpecError extends Error {}

function pairs(text: string, known: readonly string[], what: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (!known.includes(k)) throw new SpecError(`${what}: unknown setting '${k}' (known: ${known.join(', ')})`);
    out.set(k, eq < 0 ? 'true' : part.slice(eq + 1));
  }
  return out;
}

function num(v: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new SpecError(`${name} must be a number from ${min} to ${max}, got '${v}'`);
  return n;
}

const bool = (v: string | undefined, fallback: boolean): boolean => (v === undefined ? fallback : v === 'true' || v === 'yes' || v === '1');

/** "200ms", "2s", "100-300ms": fixed or random processing time */
export function parseWork(v: string | undefined): { min: number; max: number } {
  if (v === undefined) return { min: 0, max: 0 };
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(ms|s)?$/.exec(v.trim());
  if (!m) throw new SpecError(`work must be like 200ms, 2s or 100-300ms, got '${v}'`);
  const unit = m[3] === 's' ? 1000 : 1;
  const min = Number(m[1]) * unit;
  const max = m[2] === undefined ? min : Number(m[2]) * unit;
  if (max < min) throw new SpecError(`work: ${v} goes down`);
  return { min, max };
}

const PRODUCER_KEYS = ['exchange', 'key', 'keys', 'random', 'header', 'body', 'persistent', 'ttl', 'priority', 'rate', 'mandatory', 'vhost'] as const;
const CONSUMER_KEYS = ['queue', 'prefetch', 'ack', 'work', 'nack', 'reject', 'requeue', 'priority', 'exclusive', 'vhost'] as const;

export function parseProducer(text: string, vhost: string): ProducerSpec {
  const p = pairs(text, PRODUCER_KEYS, '--producer');
  const keys = p.has('keys') ? p.get('keys')!.split('|') : [p.get('key') ?? ''];
  const headers: ProducerSpec['headers'] = {};
  for (const h of (p.get('header') ?? '').split('|').filter(Boolean)) {
    const [k, v = ''] = h.split(':');
    headers[k!] = v;
  }
  return {
    vhost: p.get('vhost') ?? vhost,
    exchange: p.get('exchange') ?? '',
    keyMode: bool(p.get('random'), false) ? 'random-words' : keys.length > 1 ? 'round-robin' : 'fixed',
    keys, headers,
    body: p.get('body') ?? 'message {n}',
    persistent: bool(p.get('persistent'), false),
    ttl: p.has('ttl') ? num(p.get('ttl'), 'ttl', 0, 2 ** 31, 0) : null,
    priority: p.has('priority') ? num(p.get('priority'), 'priority', 0, 255, 0) : null,
    rate: num(p.get('rate'), 'rate', 0, 10_000, 1),
    mandatory: bool(p.get('mandatory'), false),
  };
}

export function parseConsumer(text: string, vhost: string): ConsumerSpec {
  const p = pairs(text, CONSUMER_KEYS, '--consumer');
  if (!p.get('queue')) throw new SpecError('--consumer needs queue=NAME');
  const work = parseWork(p.get('work'));
  const ack = p.get('ack') ?? 'manual';
  if (ack !== 'manual' && ack !== 'auto') throw new SpecError(`ack must be manual or auto, got '${ack}'`);
  return {
    vhost: p.get('vhost') ?? vhost,
    queue: p.get('queue')!,
    prefetch: num(p.get('prefetch'), 'prefetch', 0, 65535, 0),
    ack, workMinMs: work.min, workMaxMs: work.max,
    nackChance: num(p.get('nack'), 'nack', 0, 1, 0),
    rejectChance: num(p.get('reject'), 'reject', 0, 1, 0),
    requeue: bool(p.get('requeue'), false),
    priority: p.has('priority') ? num(p.get('priority'), 'priority', -(2 ** 31), 2 ** 31 - 1, 0) : null,
    exclusive: bool(p.get('exclusive'), false),
  };
}
