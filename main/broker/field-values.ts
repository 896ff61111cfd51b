// Reading and comparing tagged AMQP field values (arguments, headers) inside the core.
import type { FieldTable, FieldValue } from '../../shared/model/amqp-values';

export function tableGet(table: FieldTable | undefined, name: string): FieldValue | undefined {
  if (!table) return undefined;
  for (let i = 0; i < table.length; i++) if (table[i][0] === name) return table[i][1];
  return undefined;
}

/** A numeric value of any integer or float type; undefined for anything else. */
export function asNumber(v: FieldValue | undefined): number | undefined {
  if (!v) return undefined;
  switch (v.type) {
    case 'b': case 'B': case 's': case 'u': case 'I': case 'i': case 'f': case 'd': return v.value;
    case 'l': case 'T': return Number(v.value);
    case 'D': return v.value.value / 10 ** v.value.scale;
    default: return undefined;
  }
}

export function asString(v: FieldValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.type === 'S' || v.type === 'x') return v.value.toString('utf8');
  return undefined;
}

export function asBoolean(v: FieldValue | undefined): boolean | undefined {
  return v && v.type === 't' ? v.value : undefined;
}

/** Equality as RabbitMQ compares argument values: same type class and same value. Numbers of
 *  different integer widths compare equal (RabbitMQ normalises integer types in equivalence checks). */
export function valuesEqual(a: FieldValue, b: FieldValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a.type !== b.type) {
    const sa = asString(a);
    return sa !== undefined && sa === asString(b);
  }
  switch (a.type) {
    case 't': return a.value === (b as typeof a).value;
    case 'S': case 'x': return a.value.equals((b as typeof a).value);
    case 'F': return tablesEqual(a.value, (b as typeof a).value);
    case 'A': {
      const bv = (b as typeof a).value;
      return a.value.length === bv.length && a.value.every((x, i) => valuesEqual(x, bv[i]));
    }
    case 'V': return true;
    default: return false;
  }
}

export function tablesEqual(a: FieldTable | undefined, b: FieldTable | undefined): boolean {
  const ta = a ?? [];
  const tb = b ?? [];
  if (ta.length !== tb.length) return false;
  for (const [name, v] of ta) {
    const w = tableGet(tb, name);
    if (!w || !valuesEqual(v, w)) return false;
  }
  return true;
}

/** A short human rendering, for reply texts and the UI: "'true'", "'60000'". */
export function describeValue(v: FieldValue | undefined): string {
  if (v === undefined) return 'none';
  switch (v.type) {
    case 'S': case 'x': return v.value.toString('utf8');
    case 'F': return `{${v.value.map(([k, x]) => `${k}:${describeValue(x)}`).join(',')}}`;
    case 'A': return `[${v.value.map(describeValue).join(',')}]`;
    case 'V': return 'void';
    case 'D': return String(asNumber(v));
    default: return String(v.value);
  }
}

export const str = (s: string): FieldValue => ({ type: 'S', value: Buffer.from(s) });
export const long = (n: number): FieldValue => ({ type: 'l', value: BigInt(n) });

// main/amqp/server reads client properties through this module.
export { tableToJson } from './field-json';

/** RabbitMQ's names for AMQP field types, as its error texts use them. */
export const TYPE_NAMES: Record<FieldValue['type'], string> = {
  t: 'bool', b: 'byte', B: 'unsignedbyte', s: 'short', u: 'unsignedshort', I: 'signedint', i: 'unsignedint',
  l: 'long', f: 'float', d: 'double', D: 'decimal', S: 'longstr', T: 'timestamp', F: 'table', A: 'array', V: 'void', x: 'binary',
};

