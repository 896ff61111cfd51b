// Which policy applies to a queue or exchange: among those whose apply-to covers it and whose
// pattern matches its name anywhere (unanchored), the highest priority; ties go to the first name
// in order (RabbitMQ sorts the stored policies by name before a stable sort on priority).
import type { Policy } from './policy';

export type Target = 'queues' | 'exchanges';

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly regex: RegExp;
}

export const compile = (policy: Policy): CompiledPolicy => ({ policy, regex: new RegExp(policy.pattern) });

export function bestMatch(policies: Iterable<CompiledPolicy>, target: Target, name: string): Policy | undefined {
  let best: Policy | undefined;
  for (const { policy, regex } of policies) {
    if (policy.applyTo !== 'all' && policy.applyTo !== target) continue;
    if (!regex.test(name)) continue;
    if (!best || policy.priority > best.priority || (policy.priority === best.priority && policy.name < best.name)) best = policy;
  }
  return best;
}
