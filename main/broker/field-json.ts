// AMQP field values <-> JSON: the one set of rules for everything that shows or accepts field
// values as JSON (the UI's topology and message views, traces, client properties, and later the
// HTTP API). RabbitMQ's management API is the reference (rabbit_mgmt_format:amqp_value and
// rabbit_mgmt_util:type_val); where JavaScript cannot follow it, the rule says why.
import { isUtf8 } from 'node:buffer';
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { JsonTable, JsonValue } from '../../shared/model/topology';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Bytes that are not text, as {bytes: base64}: RabbitMQ writes byte arrays as text when they
 *  decode and "Not UTF-8, base64 is: ..." otherwise; one object shape is lossless and parses back. */
const bytes = (b: Buffer): JsonValue => ({ bytes: b.toString('base64') });

/** Field value -> JSON. Integers of every width and timestamps (seconds) are numbers; 64-bit ones
 *  beyond 2^53 are decimal strings (JSON numbers that large lose digits in JavaScript); decimals
 *  are numbers (as RabbitMQ); long strings are text when valid UTF-8; void is null. */
export function fieldToJson(v: FieldValue): JsonValue {
  switch (v.type) {
    case 'l': case 'T': return v.value >= MIN_SAFE && v.value <= MAX_SAFE ? Number(v.value) : v.value.toString();
    case 'D': return v.value.value / 10 ** v.value.scale;
    case 'S': return isUtf8(v.value) ? v.value.toString('utf8') : bytes(v.value);
    case 'x': return bytes(v.value);
    case 'F': return tableToJson(v.value);
    case 'A': return v.value.map(fieldToJson);
    case 'V': return null;
    default: return v.value;
  }
}

/** A field table -> a JSON object. Names such as "__proto__" are data keys, never a prototype;
 *  of duplicate names the last wins, as in RabbitMQ's JSON (maps:from_list). */
export function tableToJson(t: FieldTable | undefined): JsonTable {
  const out: JsonTable = {};
  if (!t) return out;
  for (const [k, v] of t) {
    Object.defineProperty(out, k, { value: fieldToJson(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** JSON -> a field value, as RabbitMQ's management API types what it is given: integers are
 *  signed 64-bit ('l'), other numbers (and integers past 2^53, already rounded, and -0) doubles,
 *  strings long strings, null void; {bytes: base64} alone is a byte array, the inverse of above. */
export function jsonToField(v: JsonValue): FieldValue {
  if (v === null) return { type: 'V', value: null };
  if (typeof v === 'boolean') return { type: 't', value: v };
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && !Object.is(v, -0) ? { type: 'l', value: BigInt(v) } : { type: 'd', value: v };
  }
  if (typeof v === 'string') return { type: 'S', value: Buffer.from(v) };
  if (Array.isArray(v)) return { type: 'A', value: v.map(jsonToField) };
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'bytes' && typeof v.bytes === 'string') return { type: 'x', value: Buffer.from(v.bytes, 'base64') };
  return { type: 'F', value: jsonToTable(v) };
}

export function jsonToTable(t: JsonTable): FieldTable {
  return Object.entries(t).map(([k, v]) => [k, jsonToField(v)]);
}
