// One vhost's policies and operator policies. Changes are told to `onChange`, which re-applies
// them to the vhost's queues and exchanges.
import { bestMatch, compile, type CompiledPolicy, type Target } from './matching';
import { applied } from './effective';
import type { AppliedPolicy, Policy, PolicyKind } from './policy';

export class PolicyRegistry {
  private readonly byKind: Record<PolicyKind, Map<string, CompiledPolicy>> = { policy: new Map(), operator: new Map() };
  onChange: (() => void) | null = null;

  list(kind: PolicyKind): Policy[] {
    return [...this.byKind[kind].values()].map((c) => c.policy);
  }

  get(kind: PolicyKind, name: string): Policy | undefined {
    return this.byKind[kind].get(name)?.policy;
  }

  /** Add or replace a checked policy (see checkPolicy); true if it is new. */
  put(kind: PolicyKind, policy: Policy): boolean {
    const created = !this.byKind[kind].has(policy.name);
    this.byKind[kind].set(policy.name, compile(policy));
    this.onChange?.();
    return created;
  }

  delete(kind: PolicyKind, name: string): boolean {
    if (!this.byKind[kind].delete(name)) return false;
    this.onChange?.();
    return true;
  }

  /** What applies to the queue or exchange of that name; null when nothing does. */
  appliedTo(target: Target, name: string): AppliedPolicy | null {
    if (this.byKind.policy.size === 0 && this.byKind.operator.size === 0) return null;
    return applied(bestMatch(this.byKind.policy.values(), target, name), bestMatch(this.byKind.operator.values(), target, name));
  }
}
