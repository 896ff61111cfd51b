// Short badges for a queue's or an exchange's properties and x-arguments.
import { QUEUE_ARGUMENTS, type QueueArgument } from '../../../shared/model/queue-arguments';
import type { ExchangeInfo, JsonValue, QueueInfo } from '../../../shared/model/topology';

export interface Badge { text: string; title: string; tone?: 'dlx' | 'warn' | 'info' }

const ms = (v: unknown): string => {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (n % 3_600_000 === 0 && n > 0) return `${n / 3_600_000}h`;
  if (n % 60_000 === 0 && n > 0) return `${n / 60_000}m`;
  if (n % 1000 === 0 && n > 0) return `${n / 1000}s`;
  return `${n}ms`;
};

export function exchangeBadges(x: ExchangeInfo): Badge[] {
  const out: Badge[] = [];
  if (x.durable) out.push({ text: 'D', title: 'durable' });
  if (x.autoDelete) out.push({ text: 'AD', title: 'auto-delete: goes with its last binding' });
  if (x.internal) out.push({ text: 'I', title: 'internal: clients cannot publish to it' });
  const ae = x.arguments['alternate-exchange'];
  if (typeof ae === 'string') out.push({ text: `AE ${ae}`, title: `alternate exchange: unroutable messages go to '${ae}'`, tone: 'warn' });
  return out;
}

/** A badge per argument the table gives one; values equal to the default are not worth one. */
function argumentBadge(a: QueueArgument, v: JsonValue | undefined): Badge | null {
  const b = a.badge;
  if (!b || v === undefined || v === a.default || v === false) return null;
  const value = v === true ? '' : a.kind === 'string' && v === '' ? '(default)' : b.unit === 'ms' ? ms(v) : `${String(v)}${b.unit ?? ''}`;
  return { text: [b.text, value].filter(Boolean).join(' '), title: `${a.arg}: ${b.title}`, tone: b.tone };
}

export function queueBadges(q: QueueInfo): Badge[] {
  const out: Badge[] = [];
  if (q.durable) out.push({ text: 'D', title: 'durable' });
  if (q.exclusive) out.push({ text: 'Excl', title: `exclusive to connection ${q.owner ?? ''}` });
  if (q.autoDelete) out.push({ text: 'AD', title: 'auto-delete: goes with its last consumer' });
  for (const a of QUEUE_ARGUMENTS) {
    const b = argumentBadge(a, q.arguments[a.arg]);
    if (b) out.push(b);
  }
  return out;
}
