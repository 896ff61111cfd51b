// Reading request bodies the way RabbitMQ's management API does: missing keys are reported
// together as "[{key_missing,write},{key_missing,read}]", strings and booleans are checked.
import { badRequest } from './errors';

export function requireKeys(body: Record<string, unknown>, keys: readonly string[]): void {
  const missing = keys.filter((k) => body[k] === undefined);
  if (missing.length > 0) throw badRequest(`[${missing.map((k) => `{key_missing,${k}}`).join(',')}]`);
}

export function str(body: Record<string, unknown>, key: string, fallback?: string): string {
  const v = body[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw badRequest(`${key} must be a string`);
  return v;
}

/** true/false, and RabbitMQ's "true"/"false" strings (rabbitmqadmin sends those). */
export function bool(body: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = body[key];
  if (v === undefined) return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw badRequest(`${key} must be true or false`);
}

export function object(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = body[key];
  if (v === undefined || v === null || v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${key} must be an object`);
  return v as Record<string, unknown>;
}
