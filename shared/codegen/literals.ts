// Values written as source text in each generated language. JSON's string escapes are valid in
// Python, JavaScript and Java string literals alike, so strings go through JSON.stringify.
import type { JsonValue } from '../model/topology';

export const str = (s: string): string => JSON.stringify(s);

export function python(v: JsonValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return `[${v.map(python).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${str(k)}: ${python(x)}`).join(', ')}}`;
}

export function java(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return `${v}d`;
    return Math.abs(v) > 2 ** 31 - 1 ? `${v}L` : String(v);
  }
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return `List.of(${v.map(java).join(', ')})`;
  return javaMap(Object.entries(v));
}

export function javaMap(pairs: [string, JsonValue][]): string {
  return `Map.<String, Object>ofEntries(${pairs.map(([k, x]) => `Map.entry(${str(k)}, ${java(x)})`).join(', ')})`;
}

/** A word for the POSIX shell: single-quoted, a quote inside as '\'' */
export const shell = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
