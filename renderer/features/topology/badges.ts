// Short badges for a queue's or an exchange's properties and x-arguments.
import type { ExchangeInfo, QueueInfo } from '../../../shared/model/topology';

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

export function queueBadges(q: QueueInfo): Badge[] {
  const a = q.arguments;
  const out: Badge[] = [];
  if (q.durable) out.push({ text: 'D', title: 'durable' });
  if (q.exclusive) out.push({ text: 'Excl', title: `exclusive to connection ${q.owner ?? ''}` });
  if (q.autoDelete) out.push({ text: 'AD', title: 'auto-delete: goes with its last consumer' });
  const type = a['x-queue-type'];
  if (typeof type === 'string' && type !== 'classic') out.push({ text: type, title: `queue type ${type}`, tone: 'info' });
  if (a['x-message-ttl'] !== undefined) out.push({ text: `TTL ${ms(a['x-message-ttl'])}`, title: 'x-message-ttl: messages expire after this long' });
  if (a['x-expires'] !== undefined) out.push({ text: `exp ${ms(a['x-expires'])}`, title: 'x-expires: the queue is deleted after this long unused' });
  if (a['x-dead-letter-exchange'] !== undefined) {
    const dlrk = a['x-dead-letter-routing-key'];
    out.push({ text: `DLX ${a['x-dead-letter-exchange'] || '(default)'}`, title: `dead letters go to exchange '${a['x-dead-letter-exchange']}'${dlrk !== undefined ? ` with key '${dlrk}'` : ''}`, tone: 'dlx' });
  }
  if (a['x-max-length'] !== undefined) out.push({ text: `max ${a['x-max-length']}`, title: 'x-max-length', tone: 'warn' });
  if (a['x-max-length-bytes'] !== undefined) out.push({ text: `max ${a['x-max-length-bytes']}B`, title: 'x-max-length-bytes', tone: 'warn' });
  if (a['x-overflow'] !== undefined) out.push({ text: String(a['x-overflow']), title: 'x-overflow: what happens when full' });
  if (a['x-max-priority'] !== undefined) out.push({ text: `prio ${a['x-max-priority']}`, title: 'x-max-priority' });
  if (a['x-single-active-consumer'] === true) out.push({ text: 'SAC', title: 'single active consumer' });
  if (a['x-delivery-limit'] !== undefined) out.push({ text: `limit ${a['x-delivery-limit']}`, title: 'x-delivery-limit' });
  return out;
}
