// Queue arguments on the broker side: validation with RabbitMQ's texts and the typed settings a
// queue reads from its arguments and the policy applying to it, both driven by the table in
// shared/model/queue-arguments.ts (which says, per argument, how it combines with its policy key).
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import { QUEUE_ARGUMENT_BY_NAME, QUEUE_ARGUMENTS, type QueueArgument, type QueueSettings } from '../../../shared/model/queue-arguments';
import { ChannelError, Reply } from '../errors';
import type { PolicyDefinition } from '../policies/policy';
import { asBoolean, asNumber, asString, tableGet, TYPE_NAMES } from '../field-values';

export type { Overflow, QueueSettings, QueueType } from '../../../shared/model/queue-arguments';

const INTEGER_TYPES = new Set<FieldValue['type']>(['b', 'B', 's', 'u', 'I', 'i', 'l']);

/** Why a value does not fit its argument, or null. Texts start with RabbitMQ's own term (clients
 *  and search engines know them) and add words. */
function problem(a: QueueArgument, v: FieldValue): string | null {
  switch (a.kind) {
    case 'integer': {
      if (!INTEGER_TYPES.has(v.type)) return `"expected integer, got ${TYPE_NAMES[v.type]}" (this argument takes a whole number)`;
      const n = asNumber(v)!;
      const min = a.min ?? 0;
      if (n < 0) return `{value_negative,${n}} (must not be negative)`;
      if (n < min) return `{value_zero,${n}} (must be at least ${min})`;
      if (a.max !== undefined && n > a.max) return `{max_value_exceeded,${n}} (at most ${a.max})`;
      return null;
    }
    case 'string': return asString(v) === undefined ? `"expected string, got ${TYPE_NAMES[v.type]}"` : null;
    case 'boolean': return asBoolean(v) === undefined ? `"expected boolean, got ${TYPE_NAMES[v.type]}"` : null;
    case 'enum': {
      const s = asString(v);
      if (s === undefined) return `"expected string, got ${TYPE_NAMES[v.type]}"`;
      return a.options!.includes(s) ? null : `${a.invalid!.replace('{value}', () => s)} (expected ${a.options!.join(', ')})`;
    }
  }
}

export function validateQueueArguments(args: FieldTable, name: string, vhost: string): void {
  for (const [k, v] of args) {
    const a = QUEUE_ARGUMENT_BY_NAME.get(k);
    const p = a && a.validated !== false ? problem(a, v) : null;
    if (p) throw new ChannelError(Reply.PRECONDITION_FAILED, `invalid arg '${k}' for queue '${name}' in vhost '${vhost}': ${p}`);
  }
}

function read(a: QueueArgument, v: FieldValue | undefined): unknown {
  switch (a.kind) {
    case 'integer': return asNumber(v);
    case 'boolean': return asBoolean(v);
    default: return asString(v);
  }
}

/** The argument's value combined with the policy's (validated by the policy's key validator). */
function combine(a: QueueArgument, arg: unknown, policy: PolicyDefinition | undefined): unknown {
  const fromPolicy = a.policy && policy ? policy[a.policy.key] : undefined;
  if (fromPolicy === undefined) return arg;
  if (arg === undefined) return fromPolicy;
  return a.policy!.combine === 'min' ? Math.min(arg as number, fromPolicy as number) : arg;
}

/** Validated arguments (and the effective policy definition, if any) -> settings. Unknown
 *  arguments are ignored, as RabbitMQ does. */
export function readQueueSettings(args: FieldTable, policy?: PolicyDefinition): QueueSettings {
  const out: Record<string, unknown> = {};
  for (const a of QUEUE_ARGUMENTS as readonly QueueArgument[]) out[a.field] = combine(a, read(a, tableGet(args, a.arg)), policy) ?? a.default;
  return out as QueueSettings;
}
