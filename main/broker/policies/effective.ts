// How a policy and an operator policy combine into what applies (the management API's
// effective_policy_definition): keys only one sets keep its value; a key both set takes the lower
// value (operator policies hold numeric limits only, and cap them).
import type { AppliedPolicy, Policy, PolicyDefinition } from './policy';

export function mergeDefinitions(policy: PolicyDefinition | undefined, operator: PolicyDefinition | undefined): PolicyDefinition {
  const out: Record<string, unknown> = { ...policy };
  for (const [k, v] of Object.entries(operator ?? {})) {
    const mine = out[k];
    out[k] = typeof mine === 'number' && typeof v === 'number' ? Math.min(mine, v) : v;
  }
  return out;
}

export function applied(policy: Policy | undefined, operator: Policy | undefined): AppliedPolicy | null {
  if (!policy && !operator) return null;
  return { policy, operator, definition: mergeDefinitions(policy?.definition, operator?.definition) };
}
