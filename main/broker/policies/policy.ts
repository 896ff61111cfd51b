// A policy as RabbitMQ keeps it: which queues and exchanges of a vhost it applies to (an
// unanchored regular expression on their names), its priority, and the definition it gives them.
// Operator policies have the same shape; they cap what users' policies and arguments allow.

export type ApplyTo = 'queues' | 'exchanges' | 'all';
export const APPLY_TO: readonly ApplyTo[] = ['queues', 'exchanges', 'all'];

/** user policies (policymakers) or operator policies (administrators) */
export type PolicyKind = 'policy' | 'operator';

export type PolicyDefinition = Readonly<Record<string, unknown>>;

export interface Policy {
  readonly vhost: string;
  readonly name: string;
  readonly pattern: string;
  readonly applyTo: ApplyTo;
  readonly priority: number;
  readonly definition: PolicyDefinition;
}

/** A policy RabbitMQ would refuse; the message is its validation text (after "Validation failed"). */
export class InvalidPolicyError extends Error {}

/** What applies to one queue or exchange: the winning policy, the winning operator policy, and
 *  their definitions merged (the management API's effective_policy_definition). */
export interface AppliedPolicy {
  readonly policy: Policy | undefined;
  readonly operator: Policy | undefined;
  readonly definition: PolicyDefinition;
}
