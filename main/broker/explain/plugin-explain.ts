// The routing debugger's verdicts for the plugin exchange types Warren has built in: the same
// functions the matchers use (consistent-hash.ts, modulus-hash.ts) decide, over the view's
// bindings in binding order, so the verdict names the bucket or index that picked a binding.
import type { FieldTable } from '../../../shared/model/amqp-values';
import { ABSENT, bucketOf, hashInput, hashSourceOf, weightOf, type HashSource } from '../exchanges/consistent-hash';
import { moduloIndex } from '../exchanges/modulus-hash';
import { historyLengthOf } from '../exchanges/recent-history';
import type { BindingView, ExchangeView } from './routing-view';

export interface PluginVerdict { matched: boolean; reason: string }

export const PLUGIN_TYPES = ['x-consistent-hash', 'x-random', 'x-recent-history', 'x-modulus-hash'] as const;
export type PluginType = (typeof PLUGIN_TYPES)[number];

export function isPluginType(t: string): t is PluginType {
  return (PLUGIN_TYPES as readonly string[]).includes(t);
}

/** One verdict per binding of `x`, in the order of x.bindings. */
export function pluginVerdicts(type: PluginType, x: ExchangeView, key: string, headers: FieldTable): PluginVerdict[] {
  const bindings = [...x.bindings.values()];
  const args = x.options?.args ?? [];
  switch (type) {
    case 'x-consistent-hash': return consistentHash(bindings, safe(() => hashSourceOf(args), { kind: 'routing-key' }), key, headers);
    case 'x-modulus-hash': {
      const n = bindings.length;
      const picked = n > 0 ? moduloIndex(key, n) : -1;
      return bindings.map((_, i) => ({
        matched: i === picked,
        reason: `hash of '${key}' modulo ${n} bindings is ${picked + 1}: ${i === picked ? 'this binding' : `binding ${picked + 1}, not this one (${i + 1})`}`,
      }));
    }
    case 'x-random': {
      // a message goes to one binding at random: this explanation draws one as a publish would
      const n = bindings.length;
      const picked = Math.floor(Math.random() * n);
      return bindings.map((_, i) => ({
        matched: i === picked,
        reason: i === picked ? `picked at random: one of ${n} bound destinations (each has a 1 in ${n} chance)` : `not picked this time: one of ${n} bound destinations gets each message at random`,
      }));
    }
    case 'x-recent-history': {
      const length = safe(() => historyLengthOf(args), 20);
      return bindings.map(() => ({ matched: true, reason: `a recent-history exchange sends to every binding, like fanout, and keeps the last ${length} messages for queues bound later` }));
    }
  }
}

function consistentHash(bindings: BindingView[], source: HashSource, key: string, headers: FieldTable): PluginVerdict[] {
  const weights = bindings.map((b) => safe(() => weightOf(b.routingKey), 0));
  const total = weights.reduce((a, w) => a + w, 0);
  const what = source.kind === 'routing-key' ? 'the routing key' : source.kind === 'header' ? `header '${source.name}'` : `property ${source.name}`;
  const input = hashInput(source, key, { headers });
  if (total === 0) return bindings.map(() => ({ matched: false, reason: 'no binding has a weight' }));
  const hashed = input === ABSENT ? `the absent ${what} (every message without it goes to the same binding)` : `${what} '${input}'`;
  const bucket = bucketOf(input, total);
  let first = 0;
  return bindings.map((_, i) => {
    const from = first;
    first += weights[i];
    const share = weights[i] === 1 ? `bucket ${from + 1}` : `buckets ${from + 1}-${first}`;
    const matched = bucket >= from && bucket < first;
    return {
      matched,
      reason: `hash of ${hashed} falls in bucket ${bucket + 1} of ${total}; this binding (weight ${weights[i]}) owns ${share}${matched ? '' : ', not that one'}`,
    };
  });
}

function safe<T>(f: () => T, fallback: T): T {
  try { return f(); } catch { return fallback; }
}
