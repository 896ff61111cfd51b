// The compatibility lint: a vhost's entities (its definitions, plus live facts where the broker
// has them) checked against compat-rules.ts. The CLI (`warren lint`) and the window run the same.
import type { JsonTable } from '../model/topology';
import type { VhostDefinitions } from '../codegen/topology';
import { bindingRules, channelRules, exchangeRules, policyRules, queueRules } from './compat-rules';

export interface LintEntity { kind: 'queue' | 'exchange' | 'binding' | 'policy' | 'channel'; name: string }
export interface LintWarning {
  entity: LintEntity;
  rule: string;
  /** what would behave differently, and where */
  message: string;
  /** what to do instead */
  fix: string;
  /** the version (or product) it comes from */
  since: string;
}

export interface LintQueue {
  name: string; durable: boolean; exclusive: boolean; arguments: JsonTable;
  /** the definition of the policy that applies to it, if any */
  policy?: JsonTable;
  mqttSubscription: boolean;
  /** keys it is bound with */
  bindingKeys: string[];
}
export interface LintExchange { name: string; type: string }
export interface LintBinding { source: string; destination: string; routing_key: string; arguments: JsonTable }
export interface LintPolicy { name: string; definition: JsonTable }
export interface LintChannel { name: string; globalPrefetch: number }

/** What the lint reads: definitions (exclusive queues, which exports leave out, may be added with
 *  exclusive: true), and the channels of a live broker. */
export interface LintInput {
  definitions: VhostDefinitions & { queues?: Array<{ exclusive?: boolean }> };
  channels?: LintChannel[];
}

interface PolicyLike { name: string; pattern: string; 'apply-to'?: string; priority?: number; definition: JsonTable }

/** The policy RabbitMQ applies to a queue: the highest priority one whose pattern matches. */
function policyFor(name: string, policies: PolicyLike[]): JsonTable | undefined {
  let best: PolicyLike | undefined;
  for (const p of policies) {
    const applies = p['apply-to'] === undefined || p['apply-to'] === 'all' || p['apply-to'] === 'queues' || p['apply-to'] === 'classic_queues' || p['apply-to'] === 'quorum_queues';
    let matches = false;
    try { matches = new RegExp(p.pattern).test(name); } catch { /* a pattern RabbitMQ would refuse */ }
    if (applies && matches && (!best || (p.priority ?? 0) > (best.priority ?? 0))) best = p;
  }
  return best?.definition;
}

const withEntity = (entity: LintEntity, ws: Omit<LintWarning, 'entity'>[]): LintWarning[] => ws.map((w) => ({ entity, ...w }));

/** One entity's warnings, for the window's canvas and inspector. */
export const queueWarnings = (q: LintQueue): LintWarning[] => withEntity({ kind: 'queue', name: q.name }, queueRules(q));
export const exchangeWarnings = (x: LintExchange): LintWarning[] => withEntity({ kind: 'exchange', name: x.name }, exchangeRules(x));
export const bindingWarnings = (b: LintBinding): LintWarning[] => withEntity({ kind: 'binding', name: `${b.source} → ${b.destination} (${b.routing_key})` }, bindingRules(b));

export function lint(input: LintInput): LintWarning[] {
  const defs = input.definitions;
  const bindings = defs.bindings ?? [];
  const policies = (defs.policies ?? []) as PolicyLike[];
  return [
    ...(defs.queues ?? []).flatMap((q) => queueWarnings({
      name: q.name, durable: q.durable, exclusive: (q as { exclusive?: boolean }).exclusive === true, arguments: q.arguments ?? {},
      policy: policyFor(q.name, policies), mqttSubscription: q.name.startsWith('mqtt-subscription-'),
      bindingKeys: bindings.filter((b) => b.destination_type === 'queue' && b.destination === q.name).map((b) => b.routing_key),
    })),
    ...(defs.exchanges ?? []).flatMap((x) => exchangeWarnings(x)),
    ...bindings.flatMap((b) => bindingWarnings({ ...b, arguments: b.arguments ?? {} })),
    ...policies.flatMap((p) => withEntity({ kind: 'policy', name: p.name }, policyRules(p))),
    ...(input.channels ?? []).flatMap((c) => withEntity({ kind: 'channel', name: c.name }, channelRules(c))),
  ];
}

/** One line per warning, as `warren lint` prints them. */
export function formatWarning(w: LintWarning): string {
  return `${w.entity.kind} ${JSON.stringify(w.entity.name)}: ${w.message} [${w.since}]\n    instead: ${w.fix}`;
}
