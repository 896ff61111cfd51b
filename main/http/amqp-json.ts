// Message properties in the management API's JSON (RabbitMQ's snake_case names, from the one
// property table in shared/model), both ways, with a 400 for what does not fit. Field values go
// through the one converter (main/broker/field-json).
import type { BasicProperties } from '../../shared/model/amqp-values';
import { MESSAGE_PROPERTIES } from '../../shared/model/properties';
import type { JsonTable, JsonValue } from '../../shared/model/topology';
import { jsonToTable as jsonToFieldTable, tableToJson } from '../broker/field-json';
import { badRequest } from './errors';

export { tableToJson };

/** A JSON object from a request body -> a field table (arguments, headers). */
export function jsonToTable(obj: Record<string, unknown>): ReturnType<typeof jsonToFieldTable> {
  return jsonToFieldTable(obj as JsonTable);
}

const BY_API_NAME = new Map<string, (typeof MESSAGE_PROPERTIES)[number]>(MESSAGE_PROPERTIES.map((p) => [p.api, p]));

export function propertiesToJson(p: BasicProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type, api } of MESSAGE_PROPERTIES) {
    const v = p[name];
    if (v === undefined) continue;
    out[api] = type === 'table' ? tableToJson(v as NonNullable<BasicProperties['headers']>) : type === 'timestamp' ? Number(v) : v;
  }
  return out;
}

export function jsonToProperties(obj: Record<string, unknown>): BasicProperties {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const prop = BY_API_NAME.get(k);
    if (!prop) throw badRequest(`unknown property ${k}`);
    switch (prop.type) {
      case 'shortstr':
        if (typeof v !== 'string') throw badRequest(`property ${k} must be a string`);
        out[prop.name] = v;
        break;
      case 'octet': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 255) throw badRequest(`property ${k} must be an octet`);
        out[prop.name] = n;
        break;
      }
      case 'timestamp':
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw badRequest('property timestamp must be a number of seconds');
        out[prop.name] = BigInt(v);
        break;
      case 'table':
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${k} must be an object`);
        out[prop.name] = jsonToFieldTable(v as { [k: string]: JsonValue });
        break;
    }
  }
  return out as BasicProperties;
}
