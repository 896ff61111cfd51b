// AMQP values and message properties in the management API's JSON, both ways: arguments and
// headers as RabbitMQ's management plugin reads them (integers become longs, other numbers
// doubles), and properties with RabbitMQ's snake_case names. Small on purpose: the shared
// converter replaces it when the layers merge.
import type { BasicProperties, FieldTable, FieldValue } from '../../shared/model/amqp-values';
import { tableToJson } from '../broker/field-values';
import { badRequest } from './errors';

export function jsonToValue(v: unknown): FieldValue {
  if (typeof v === 'string') return { type: 'S', value: Buffer.from(v, 'utf8') };
  if (typeof v === 'boolean') return { type: 't', value: v };
  if (typeof v === 'number') return Number.isSafeInteger(v) ? { type: 'l', value: BigInt(v) } : { type: 'd', value: v };
  if (v === null) return { type: 'V', value: null };
  if (Array.isArray(v)) return { type: 'A', value: v.map(jsonToValue) };
  if (typeof v === 'object') return { type: 'F', value: jsonToTable(v as Record<string, unknown>) };
  throw badRequest('unsupported value');
}

export function jsonToTable(obj: Record<string, unknown>): FieldTable {
  return Object.entries(obj).map(([k, v]) => [k, jsonToValue(v)]);
}

export { tableToJson };

type StringProp = 'contentType' | 'contentEncoding' | 'correlationId' | 'replyTo' | 'expiration' | 'messageId' | 'type' | 'userId' | 'appId' | 'clusterId';

/** snake_case JSON name -> BasicProperties field, for the string-valued properties */
const STRING_PROPS: Record<string, StringProp> = {
  content_type: 'contentType', content_encoding: 'contentEncoding', correlation_id: 'correlationId', reply_to: 'replyTo',
  expiration: 'expiration', message_id: 'messageId', type: 'type', user_id: 'userId', app_id: 'appId', cluster_id: 'clusterId',
};

export function propertiesToJson(p: BasicProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [json, field] of Object.entries(STRING_PROPS)) if (p[field] !== undefined) out[json] = p[field];
  if (p.deliveryMode !== undefined) out.delivery_mode = p.deliveryMode;
  if (p.priority !== undefined) out.priority = p.priority;
  if (p.timestamp !== undefined) out.timestamp = Number(p.timestamp);
  if (p.headers !== undefined) out.headers = tableToJson(p.headers);
  return out;
}

export function jsonToProperties(obj: Record<string, unknown>): BasicProperties {
  const p: BasicProperties = {};
  for (const [k, v] of Object.entries(obj)) {
    const field = STRING_PROPS[k];
    if (field) {
      if (typeof v !== 'string') throw badRequest(`property ${k} must be a string`);
      p[field] = v;
    } else if (k === 'delivery_mode' || k === 'priority') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 255) throw badRequest(`property ${k} must be an octet`);
      if (k === 'delivery_mode') p.deliveryMode = n; else p.priority = n;
    } else if (k === 'timestamp') {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw badRequest('property timestamp must be a number of seconds');
      p.timestamp = BigInt(v);
    } else if (k === 'headers') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest('headers must be an object');
      p.headers = jsonToTable(v as Record<string, unknown>);
    } else {
      throw badRequest(`unknown property ${k}`);
    }
  }
  return p;
}
