// A policy as a client sends it (the management API's body, a definitions file), checked the way
// RabbitMQ's rabbit_policy does, with its texts.
import { definitionProblem } from './policy-keys';
import { erlangTerm } from './erlang-term';
import { APPLY_TO, InvalidPolicyError, type ApplyTo, type Policy, type PolicyKind } from './policy';

export interface PolicyInput {
  readonly pattern: unknown;
  readonly definition: unknown;
  readonly applyTo?: unknown;
  readonly priority?: unknown;
}

export function checkPolicy(kind: PolicyKind, vhost: string, name: string, input: PolicyInput): Policy {
  const { pattern, definition } = input;
  if (typeof pattern !== 'string') throw new InvalidPolicyError(`pattern should be a binary but was ${erlangTerm(pattern)}`);
  try { new RegExp(pattern); } catch (e) {
    throw new InvalidPolicyError(`pattern should be regular expression but is invalid: ${(e as Error).message}`);
  }
  const applyTo = input.applyTo ?? 'all';
  if (typeof applyTo !== 'string' || !APPLY_TO.includes(applyTo as ApplyTo)) {
    throw new InvalidPolicyError(`apply-to '${String(applyTo)}' unrecognised; should be 'queues', 'exchanges' or 'all'`);
  }
  const priority = input.priority ?? 0;
  if (typeof priority !== 'number') throw new InvalidPolicyError(`priority should be a number, actually was ${erlangTerm(priority)}`);
  const def = typeof definition === 'object' && definition !== null && !Array.isArray(definition) ? definition as Record<string, unknown> : {};
  const problem = definitionProblem(def, kind === 'operator');
  if (problem) throw new InvalidPolicyError(problem);
  return { vhost, name, pattern, applyTo: applyTo as ApplyTo, priority, definition: { ...def } };
}
