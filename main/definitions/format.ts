// RabbitMQ's definitions JSON (rabbit_definitions): its item shapes, and the checks an import
// makes first, each failing with the reason RabbitMQ's management API gives (a 400 body's reason).
import type { JsonTable } from '../../shared/model/topology';
import type { Policy } from '../broker/policies/policy';

/** A definitions import that cannot be done; `reason` is RabbitMQ's JSON reason. */
export class DefinitionsError extends Error {
  constructor(readonly reason: unknown, readonly status: 400 | 404 = 400) {
    super(typeof reason === 'string' ? reason : JSON.stringify(reason));
  }
}

export interface UserDef { name: string; password_hash?: string; password?: string; hashing_algorithm?: string; tags: string[] | string; limits?: unknown }
/** warren_clock_scale: Warren's sandbox clock (1, 10 or 60), written only when not 1; RabbitMQ's
 *  import reads the keys it knows and ignores it (and metadata's, which Warren also reads) */
export interface VhostDef {
  name: string; description?: string; tags?: string[] | string; warren_clock_scale?: unknown;
  metadata?: { description?: string; tags?: string[]; warren_clock_scale?: unknown };
}
export interface PermissionDef { user: string; vhost: string; configure: string; write: string; read: string }
export interface TopicPermissionDef { user: string; vhost: string; exchange: string; write: string; read: string }
export interface QueueDef { name: string; vhost?: string; durable: boolean; auto_delete: boolean; arguments: JsonTable }
export interface ExchangeDef { name: string; vhost?: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean; arguments: JsonTable }
export interface BindingDef { source: string; vhost?: string; destination: string; destination_type: 'queue' | 'exchange'; routing_key: string; arguments: JsonTable }
/** Policies and (global) parameters are kept as given (see Broker.unapplied). */
export type OpaqueDef = Record<string, unknown>;

export interface DefinitionsJson {
  rabbit_version?: string;
  rabbitmq_version?: string;
  product_name?: string;
  product_version?: string;
  users?: UserDef[];
  vhosts?: VhostDef[];
  permissions?: PermissionDef[];
  topic_permissions?: TopicPermissionDef[];
  parameters?: OpaqueDef[];
  global_parameters?: OpaqueDef[];
  policies?: OpaqueDef[];
  queues?: QueueDef[];
  exchanges?: ExchangeDef[];
  bindings?: BindingDef[];
}

/** The file or body as JSON: anything but an object is RabbitMQ's failed_to_parse_json. */
export function parseDefinitions(text: string): DefinitionsJson {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw new DefinitionsError('failed_to_parse_json'); }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DefinitionsError('failed_to_parse_json');
  return v as DefinitionsJson;
}

/** RabbitMQ fails on a malformed item with Erlang's function_clause (a list that is not a list
 *  even crashes it with a 500; Warren says 400). */
const malformed = (): DefinitionsError => new DefinitionsError('function_clause');

/** The items under `key` (absent: none), each an object. */
export function items<T>(defs: DefinitionsJson, key: keyof DefinitionsJson): T[] {
  const list = defs[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || !list.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i))) throw malformed();
  return list as T[];
}

export function text(item: object, key: string, fallback?: string): string {
  const v = (item as Record<string, unknown>)[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') throw malformed();
  return v;
}

export function flag(item: object, key: string, fallback: boolean): boolean {
  const v = (item as Record<string, unknown>)[key];
  if (v === undefined) return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw malformed();
}

export function table(item: object, key: string): JsonTable {
  const v = (item as Record<string, unknown>)[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw malformed();
  return v as JsonTable;
}

/** Tags as a list or RabbitMQ's comma-separated string. */
export function tagList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((t) => t.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return v;
  throw malformed();
}

/** A core error as RabbitMQ reports it from an import: its amqp_error record, the text as an
 *  Erlang string (a list of character codes). */
export function amqpErrorReason(replyName: string, detail: string): unknown {
  return ['amqp_error', replyName.toLowerCase(), [...detail].map((c) => c.codePointAt(0)), 'none'];
}

/** A policy as RabbitMQ writes it, in definitions and in the management API. */
export function policyJson(p: Policy): Record<string, unknown> {
  return { vhost: p.vhost, name: p.name, pattern: p.pattern, 'apply-to': p.applyTo, definition: p.definition, priority: p.priority };
}

/** A DefinitionsError's reason as a sentence for people (the window shows it): RabbitMQ's
 *  amqp_error record's text decoded, other reasons as RabbitMQ words them. */
export function describeDefinitionsError(err: DefinitionsError): string {
  const r = err.reason;
  if (Array.isArray(r) && r[0] === 'amqp_error' && Array.isArray(r[2])) return `${String(r[1]).toUpperCase()} - ${String.fromCodePoint(...(r[2] as number[]))}`;
  if (typeof r === 'string') return /^[a-z_]+$/.test(r) ? r.replace(/_/g, ' ') : r; // vhost_not_found -> vhost not found
  return JSON.stringify(r);
}
