// A step's check evaluated against the live vhost: its queues, exchanges and bindings, the core's
// route explanation (the routing debugger's), the queues' and vhost's counters and the x-death
// history of queued messages. Each verdict says in words what is missing.
import type { StepCheck, StepVerdict } from '../../shared/model/lessons';
import type { JsonTable } from '../../shared/model/topology';
import { explainRoute } from '../broker/explain/explain-route';
import { jsonToTable, tableToJson } from '../broker/field-json';
import { asString, tableGet } from '../broker/field-values';
import type { QueueEntry } from '../broker/queues/queue-entry';
import type { Queue } from '../broker/queues/queue';
import type { VHost } from '../broker/vhost';

const pass: StepVerdict = { passed: true, missing: '' };
const missing = (text: string): StepVerdict => ({ passed: false, missing: text });

/** The flags asked for that differ, in words ("durable", "not exclusive"). */
function flagsDiffer(want: Record<string, boolean | undefined>, have: Record<string, boolean>, words: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(want)) if (v !== undefined && have[k] !== v) out.push(v ? words[k] : `not ${words[k]}`);
  return out;
}

/** The arguments asked for that are absent or different. */
function argumentsDiffer(want: JsonTable | undefined, have: JsonTable): string[] {
  return Object.entries(want ?? {})
    .filter(([k, v]) => JSON.stringify(have[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
}

const FLAG_WORDS = { durable: 'durable', exclusive: 'exclusive', autoDelete: 'auto-delete' };

function queueCheck(v: VHost, c: Extract<StepCheck, { kind: 'queue' }>): StepVerdict {
  const q = v.queue(c.name);
  if (!q) return missing(`there is no queue ${c.name}`);
  const o = q.options;
  const wrong = [
    ...flagsDiffer({ durable: c.durable, exclusive: c.exclusive, autoDelete: c.autoDelete }, { durable: o.durable, exclusive: o.exclusive, autoDelete: o.autoDelete }, FLAG_WORDS),
    ...argumentsDiffer(c.arguments, tableToJson(o.args)),
  ];
  if (wrong.length > 0) return missing(`queue ${c.name} should be ${wrong.join(', ')}`);
  return c.declaredPassively && q.passiveDeclares === 0 ? missing(`no passive declare of queue ${c.name} yet: run the step's code`) : pass;
}

function exchangeCheck(v: VHost, c: Extract<StepCheck, { kind: 'exchange' }>): StepVerdict {
  const x = v.exchange(c.name);
  if (!x) return missing(`there is no exchange ${c.name}`);
  const wrong = [
    ...(c.type && x.type !== c.type ? [`of type ${c.type} (it is ${x.type})`] : []),
    ...flagsDiffer({ durable: c.durable, autoDelete: c.autoDelete }, { durable: x.options.durable, autoDelete: x.options.autoDelete }, FLAG_WORDS),
    ...argumentsDiffer(c.arguments, tableToJson(x.options.args)),
  ];
  return wrong.length === 0 ? pass : missing(`exchange ${c.name} should be ${wrong.join(', ')}`);
}

function bindingCheck(v: VHost, c: Extract<StepCheck, { kind: 'binding' }>): StepVerdict {
  const x = v.exchange(c.exchange);
  if (!x) return missing(`there is no exchange ${c.exchange}`);
  for (const b of x.bindings.values()) {
    if (b.destination.kind !== 'queue' || b.destination.name !== c.queue) continue;
    if (c.routingKey !== undefined && b.routingKey !== c.routingKey) continue;
    if (argumentsDiffer(c.arguments, tableToJson(b.args)).length === 0) return pass;
  }
  const key = c.routingKey !== undefined ? ` with key ${JSON.stringify(c.routingKey)}` : '';
  return missing(`queue ${c.queue} is not bound to exchange ${c.exchange}${key}`);
}

function routesCheck(v: VHost, c: Extract<StepCheck, { kind: 'routes' }>): StepVerdict {
  if (!v.exchange(c.exchange)) return missing(`there is no exchange ${c.exchange || '(default)'}`);
  const { queues } = explainRoute(v, { exchange: c.exchange, routingKey: c.routingKey, headers: c.headers ? jsonToTable(c.headers) : [] });
  const what = c.headers ? `a message with headers ${JSON.stringify(c.headers)}` : c.routingKey || `a message to ${c.exchange}`;
  const wrong = [
    ...(c.reaches ?? []).filter((q) => !queues.includes(q)).map((q) => `queue ${q} does not receive ${what}`),
    ...(c.avoids ?? []).filter((q) => queues.includes(q)).map((q) => `queue ${q} receives ${what} but should not`),
    ...(c.minQueues !== undefined && queues.length < c.minQueues ? [`${what} reaches ${queues.length} queue(s), at least ${c.minQueues} wanted`] : []),
  ];
  return wrong.length === 0 ? pass : missing(wrong.join('; '));
}

function statsCheck(q: Queue, c: Extract<StepCheck, { kind: 'queue-stats' }>): StepVerdict {
  const s = q.stats;
  const wrong: string[] = [];
  const atLeast = (min: number | undefined, have: number, what: string): void => {
    if (min !== undefined && have < min) wrong.push(`${what} ${have} of at least ${min}`);
  };
  atLeast(c.minReady, q.messageCount, 'messages ready');
  if (c.maxReady !== undefined && q.messageCount > c.maxReady) wrong.push(`messages ready ${q.messageCount}, at most ${c.maxReady} wanted`);
  atLeast(c.minUnacked, q.unacked, 'messages unacked');
  atLeast(c.minConsumers, q.consumerCount, 'consumers');
  atLeast(c.minPublished, s.publish, 'messages enqueued');
  atLeast(c.minDelivered, s.deliver + s.deliverNoAck + s.get + s.getNoAck, 'messages delivered');
  atLeast(c.minAcked, s.ack, 'messages acked');
  atLeast(c.minRedelivered, s.redeliver, 'messages redelivered');
  return wrong.length === 0 ? pass : missing(`queue ${q.name}: ${wrong.join(', ')}`);
}

function consumersCheck(q: Queue, c: Extract<StepCheck, { kind: 'consumers' }>): StepVerdict {
  const fit = q.consumers.filter((k) =>
    (c.prefetch === undefined || k.credit.limit === c.prefetch) && (c.ack === undefined || k.noAck === !c.ack));
  if (fit.length >= c.min) return pass;
  const how = [c.ack === undefined ? '' : c.ack ? 'acknowledging' : 'auto-ack', c.prefetch === undefined ? '' : `with prefetch ${c.prefetch}`].filter(Boolean).join(' ');
  return missing(`queue ${q.name} has ${fit.length} ${how ? `${how} ` : ''}consumer(s), at least ${c.min} wanted`);
}

/** The reason of a message's most recent dead-lettering (x-death is newest first), or null. */
function deathReason(e: QueueEntry): string | null {
  const v = tableGet(e.message.properties.headers, 'x-death');
  if (!v || v.type !== 'A' || v.value.length === 0) return null;
  const first = v.value[0];
  return first.type === 'F' ? asString(tableGet(first.value, 'reason')) ?? null : null;
}

/** a check reads no more than this many queued messages (it runs every second while a lesson is open) */
const SCAN_LIMIT = 10_000;

function deadLetteredCheck(q: Queue, c: Extract<StepCheck, { kind: 'dead-lettered' }>): StepVerdict {
  let n = 0;
  let seen = 0;
  for (const e of q.messages) {
    if (++seen > SCAN_LIMIT || n >= c.min) break;
    const r = deathReason(e);
    if (r !== null && (c.reason === undefined || r === c.reason)) n++;
  }
  if (n >= c.min) return pass;
  const why = c.reason ? ` (${c.reason})` : '';
  return missing(`queue ${q.name} holds ${n} dead-lettered message(s)${why}, at least ${c.min} wanted`);
}

function vhostStatsCheck(v: VHost, c: Extract<StepCheck, { kind: 'vhost-stats' }>): StepVerdict {
  const t = v.messageTotals();
  const wrong: string[] = [];
  if (c.minPublished !== undefined && t.publish < c.minPublished) wrong.push(`${t.publish} message(s) published of at least ${c.minPublished}`);
  if (c.minConfirmed !== undefined && t.confirm < c.minConfirmed) wrong.push(`${t.confirm} publisher confirm(s) of at least ${c.minConfirmed}`);
  if (c.minReturned !== undefined && t.returnUnroutable < c.minReturned) wrong.push(`${t.returnUnroutable} returned message(s) of at least ${c.minReturned}`);
  if (c.minDropped !== undefined && t.dropUnroutable < c.minDropped) wrong.push(`${t.dropUnroutable} dropped message(s) of at least ${c.minDropped}`);
  return wrong.length === 0 ? pass : missing(`vhost ${v.name}: ${wrong.join(', ')}`);
}

/** Evaluate one check; never throws. */
export function checkStep(v: VHost, c: StepCheck): StepVerdict {
  switch (c.kind) {
    case 'queue': return queueCheck(v, c);
    case 'exchange': return exchangeCheck(v, c);
    case 'binding': return bindingCheck(v, c);
    case 'routes': return routesCheck(v, c);
    case 'queue-stats': case 'consumers': case 'dead-lettered': {
      const q = v.queue(c.queue);
      if (!q) return missing(`there is no queue ${c.queue}`);
      return c.kind === 'queue-stats' ? statsCheck(q, c) : c.kind === 'consumers' ? consumersCheck(q, c) : deadLetteredCheck(q, c);
    }
    case 'vhost-stats': return vhostStatsCheck(v, c);
    case 'all': {
      const failed = c.checks.map((k) => checkStep(v, k)).filter((r) => !r.passed);
      return failed.length === 0 ? pass : missing(failed.map((r) => r.missing).join('; '));
    }
  }
}
