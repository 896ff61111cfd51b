// A dynamic shovel's definition: the value of a "shovel" runtime parameter, validated as
// rabbitmq_shovel 3.10's rabbit_shovel_parameters does (its texts and their order: the source's and
// destination's either/or rules, then each key's check in reverse order of its table, unknown keys
// first), and read into what a worker needs.
import { erlangTerm } from '../broker/policies/erlang-term';
import { checkUris } from './uri';

export type AckMode = 'on-confirm' | 'on-publish' | 'no-ack';
export type DeleteAfter = 'never' | 'queue-length' | number;

export interface ShovelDefinition {
  srcUris: string[];
  srcQueue: string | null;
  srcExchange: string | null;
  srcExchangeKey: string;
  prefetch: number;
  deleteAfter: DeleteAfter;
  destUris: string[];
  destQueue: string | null;
  destExchange: string | null;
  destExchangeKey: string | null;
  addForwardHeaders: boolean;
  addTimestampHeader: boolean;
  /** basic properties set on every message shovelled (RabbitMQ's names: delivery_mode, ...) */
  publishProperties: Record<string, string | number>;
  ackMode: AckMode;
  /** seconds; 0: a failed shovel stays terminated */
  reconnectDelay: number;
}

/** RabbitMQ's defaults: ?DEFAULT_RECONNECT_DELAY and the source's prefetch */
export const DEFAULT_RECONNECT_DELAY = 5;
export const DEFAULT_PREFETCH = 1000;

type Check = (key: string, v: unknown) => string[];
const fail = (text: string): string[] => [text];

const number: Check = (k, v) => (typeof v === 'number' ? [] : fail(`${k} should be a number, actually was ${erlangTerm(v)}`));
const binary: Check = (k, v) => (typeof v === 'string' ? [] : fail(`${k} should be binary, actually was ${erlangTerm(v)}`));
const boolean: Check = (k, v) => (typeof v === 'boolean' ? [] : fail(`${k} should be boolean, actually was ${erlangTerm(v)}`));
const queueName: Check = (k, v) => {
  if (typeof v !== 'string') return binary(k, v);
  const size = Buffer.byteLength(v);
  return size <= 255 ? [] : fail(`${k} should be less than 255 bytes, actually was ${size}`);
};
const enumOf = (options: string[]): Check => (k, v) => {
  if (typeof v !== 'string') return binary(k, v);
  return options.includes(v) ? [] : fail(`${k} should be one of ${erlangTerm(options)}, actually was ${erlangTerm(v)}`);
};
const deleteAfter: Check = (k, v) => (v === 'never' || v === 'queue-length' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
  ? []
  : fail(`${k} should be a number greater than or equal to 0, "never" or "queue-length", actually was ${erlangTerm(v)}`));
/** queue and consumer arguments: a table (their keys are the queue's to check when declared) */
const table: Check = (k, v) => (v !== null && typeof v === 'object' ? [] : fail(`${k} not a list ${erlangTerm(v)}`));

const PROPERTY_CHECKS: Array<[string, Check]> = [
  ['content_type', binary], ['content_encoding', binary], ['delivery_mode', number], ['priority', number],
  ['correlation_id', binary], ['reply_to', binary], ['expiration', binary], ['message_id', binary], ['timestamp', number],
  ['type', binary], ['user_id', binary], ['app_id', binary], ['cluster_id', binary],
];
const properties: Check = (k, v) => proplist(k, PROPERTY_CHECKS.map(([key, check]) => [key, check, false]), v);

type Constraint = [key: string, check: Check, mandatory: boolean];

/** rabbit_parameter_validation:proplist: each key's check (results in reverse order), missing
 *  mandatory keys, then the unknown keys (sorted, as an Erlang map lists them) first. */
function proplist(name: string, constraints: Constraint[], term: unknown): string[] {
  if (term === null || typeof term !== 'object') return fail(`${name} not a list ${erlangTerm(term)}`);
  const rest = new Map(Object.entries(term as Record<string, unknown>).filter(([, v]) => v !== undefined));
  const results: string[][] = [];
  for (const [key, check, mandatory] of constraints) {
    if (rest.has(key)) {
      results.unshift(check(key, rest.get(key)));
      rest.delete(key);
    } else if (mandatory) {
      results.unshift([`Key "${key}" not found in ${name}`]);
    }
  }
  if (rest.size > 0) {
    const unknown = Object.fromEntries([...rest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    results.unshift([`Unrecognised terms ${erlangTerm(unknown)} in ${name}`]);
  }
  return results.flat();
}

/** What the validation needs of the broker: may the user setting the shovel use a local URI's
 *  vhost (null if so, else RabbitMQ's refusal text). */
export type VhostCheck = (vhost: string) => string | null;

export function validateShovel(name: string, value: unknown, mayConnect: VhostCheck): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(`${name} not a list ${erlangTerm(value)}`);
  const def = value as Record<string, unknown>;
  const has = (k: string): boolean => def[k] !== undefined;
  const either = (a: string, b: string): 'zero' | 'one' | 'both' => (has(a) && has(b) ? 'both' : has(a) || has(b) ? 'one' : 'zero');
  const errors: string[] = [];
  const src = either('src-exchange', 'src-queue');
  if (src === 'zero') errors.push("Must specify 'src-exchange' or 'src-queue'");
  if (src === 'both') errors.push("Cannot specify 'src-exchange' and 'src-queue'");
  if (typeof (def['src-delete-after'] ?? def['delete-after']) === 'number' && def['ack-mode'] === 'no-ack') errors.push("Cannot specify 'no-ack' and numerical 'delete-after'");
  if (either('dest-exchange', 'dest-queue') === 'both') errors.push("Cannot specify 'dest-exchange' and 'dest-queue'");
  const uri: Check = (k, v) => checkUris(k, v, mayConnect);
  const protocol = enumOf(['amqp10', 'amqp091']);
  errors.push(...proplist(name, [
    ['reconnect-delay', number, false], ['ack-mode', enumOf(['no-ack', 'on-publish', 'on-confirm']), false],
    ['src-protocol', protocol, false], ['dest-protocol', protocol, false],
    ['src-uri', uri, true], ['src-exchange', binary, false], ['src-exchange-key', binary, false], ['src-queue', binary, false],
    ['src-queue-args', table, false], ['src-consumer-args', table, false], ['prefetch-count', number, false], ['src-prefetch-count', number, false],
    ['delete-after', deleteAfter, false], ['src-delete-after', deleteAfter, false],
    ['dest-uri', uri, true], ['dest-exchange', binary, false], ['dest-exchange-key', binary, false], ['dest-queue', queueName, false],
    ['dest-queue-args', table, false], ['add-forward-headers', boolean, false], ['add-timestamp-header', boolean, false],
    ['dest-add-forward-headers', boolean, false], ['dest-add-timestamp-header', boolean, false],
    ['publish-properties', properties, false], ['dest-publish-properties', properties, false],
  ], def));
  // RabbitMQ 3.10 also runs AMQP 1.0 shovels; Warren's speak AMQP 0-9-1 only
  for (const k of ['src-protocol', 'dest-protocol']) if (def[k] === 'amqp10') errors.push(`${k} amqp10 is not supported by Warren's shovels, only amqp091`);
  return errors;
}

const uris = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A valid definition (validateShovel found nothing) read with RabbitMQ's defaults and legacy keys. */
export function parseShovel(value: Record<string, unknown>): ShovelDefinition {
  const pick = (k: string, legacy: string): unknown => value[k] ?? value[legacy];
  return {
    srcUris: uris(value['src-uri']),
    srcQueue: str(value['src-queue']),
    srcExchange: str(value['src-exchange']),
    srcExchangeKey: str(value['src-exchange-key']) ?? '',
    prefetch: Number(pick('src-prefetch-count', 'prefetch-count') ?? DEFAULT_PREFETCH),
    deleteAfter: (pick('src-delete-after', 'delete-after') ?? 'never') as DeleteAfter,
    destUris: uris(value['dest-uri']),
    destQueue: str(value['dest-queue']),
    destExchange: str(value['dest-exchange']),
    destExchangeKey: str(value['dest-exchange-key']),
    addForwardHeaders: pick('dest-add-forward-headers', 'add-forward-headers') === true,
    addTimestampHeader: pick('dest-add-timestamp-header', 'add-timestamp-header') === true,
    publishProperties: (pick('dest-publish-properties', 'publish-properties') ?? {}) as Record<string, string | number>,
    ackMode: (value['ack-mode'] ?? 'on-confirm') as AckMode,
    reconnectDelay: Number(value['reconnect-delay'] ?? DEFAULT_RECONNECT_DELAY),
  };
}
