// Every policy key RabbitMQ 3.10 knows (and 3.12's consumer-timeout), with one validator each and RabbitMQ's texts. `honoured`:
// Warren acts on it (the others are accepted, as RabbitMQ would, and logged as not honoured).
// `operator`: operator policies may set it too (RabbitMQ allows only the numeric limits there).
import { erlangTerm } from './erlang-term';

/** null when the value is fine, else RabbitMQ's text */
type Validator = (v: unknown) => string | null;

export interface PolicyKey {
  readonly honoured: boolean;
  readonly operator: boolean;
  readonly validate: Validator;
}

const integerAtLeast = (min: number, what: string): Validator =>
  (v) => (Number.isInteger(v) && (v as number) >= min ? null : `${erlangTerm(v)} is not a valid ${what}`);
const binary = (what: string): Validator => (v) => (typeof v === 'string' ? null : `${erlangTerm(v)} is not a valid ${what}`);
const oneOf = (options: readonly string[], text: string): Validator =>
  (v) => (typeof v === 'string' && options.includes(v) ? null : `${erlangTerm(v)} ${text}`);
const anything: Validator = () => null;

const key = (validate: Validator, o: { honoured?: boolean; operator?: boolean } = {}): PolicyKey =>
  ({ validate, honoured: o.honoured ?? false, operator: o.operator ?? false });
const limit = (validate: Validator): PolicyKey => key(validate, { honoured: true, operator: true });

export const POLICY_KEYS: ReadonlyMap<string, PolicyKey> = new Map([
  ['alternate-exchange', key(binary('alternate exchange name'), { honoured: true })],
  ['dead-letter-exchange', key(binary('dead letter exchange name'), { honoured: true })],
  ['dead-letter-routing-key', key(binary('dead letter routing key'), { honoured: true })],
  ['message-ttl', limit(integerAtLeast(0, 'message TTL'))],
  ['expires', limit(integerAtLeast(1, 'queue expiry'))],
  ['max-length', limit(integerAtLeast(0, 'maximum length'))],
  ['max-length-bytes', limit(integerAtLeast(0, 'maximum length in bytes'))],
  ['delivery-limit', limit(integerAtLeast(0, 'delivery limit'))],
  // RabbitMQ 3.12's key (3.10 has only the node-wide timeout); operator policies may cap it there.
  ['consumer-timeout', limit(integerAtLeast(1, 'consumer timeout'))],
  ['overflow', key(oneOf(['drop-head', 'reject-publish', 'reject-publish-dlx'], 'is not a valid overflow value'), { honoured: true })],
  ['max-in-memory-length', key(integerAtLeast(0, 'maximum memory in bytes'), { operator: true })],
  ['max-in-memory-bytes', key(integerAtLeast(0, 'maximum memory in bytes'), { operator: true })],
  ['queue-mode', key(oneOf(['default', 'lazy'], 'is not a valid queue-mode value'))],
  ['queue-master-locator', key(oneOf(['min-masters', 'client-local', 'random'], 'invalid queue-master-locator value'))],
  ['queue-leader-locator', key(oneOf(['client-local', 'balanced'], 'is not a valid queue leader locator value'))],
  ['dead-letter-strategy', key(oneOf(['at-most-once', 'at-least-once'], 'is not a valid dead letter strategy'))],
  ['ha-mode', key(oneOf(['all', 'exactly', 'nodes'], 'is not a valid ha-mode value'))],
  ['ha-params', key(anything)],
  ['ha-sync-mode', key(oneOf(['manual', 'automatic'], 'is not a valid ha-sync-mode value'))],
  ['ha-sync-batch-size', key(integerAtLeast(1, 'ha-sync-batch-size value'))],
  ['ha-promote-on-shutdown', key(oneOf(['when-synced', 'always'], 'is not a valid ha-promote-on-shutdown value'))],
  ['ha-promote-on-failure', key(oneOf(['when-synced', 'always'], 'is not a valid ha-promote-on-failure value'))],
  ['federation-upstream', key(binary('federation upstream'))],
  ['federation-upstream-set', key(binary('federation upstream set'))],
  ['max-age', key(anything)],
  ['stream-max-segment-size-bytes', key(integerAtLeast(0, 'segment size'))],
  ['queue-version', key((v) => (v === 1 || v === 2 ? null : `${erlangTerm(v)} is not a valid queue-version value`))],
]);

/** The ha- settings that mean nothing without ha-mode (RabbitMQ's mirroring validator). */
const NEED_HA_MODE = ['ha-params', 'ha-sync-mode', 'ha-promote-on-shutdown'];

/** RabbitMQ's validation text for a definition, or null. Unknown keys are reported together first. */
export function definitionProblem(definition: Record<string, unknown>, operator: boolean): string | null {
  const entries = Object.entries(definition);
  if (entries.length === 0) return 'no policy provided';
  const unknown = entries.filter(([k]) => { const p = POLICY_KEYS.get(k); return !p || (operator && !p.operator); });
  if (unknown.length > 0) return `${erlangTerm(Object.fromEntries(unknown))} are not recognised policy settings`;
  if (!('ha-mode' in definition) && NEED_HA_MODE.some((k) => k in definition)) {
    return 'ha-mode must be specified to specify ha-params, ha-sync-mode or ha-promote-on-shutdown';
  }
  for (const [k, v] of entries) {
    const p = POLICY_KEYS.get(k)!.validate(v);
    if (p) return p;
  }
  return null;
}

/** Keys a definition sets that Warren accepts but does not act on (to warn about). */
export function unhonouredKeys(definition: Record<string, unknown>): string[] {
  return Object.keys(definition).filter((k) => POLICY_KEYS.get(k)?.honoured === false);
}
