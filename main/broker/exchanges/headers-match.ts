// The headers exchange's matching rule, as RabbitMQ applies it (rabbit_exchange_type_headers):
// x-match all | any | all-with-x | any-with-x; binding arguments starting with "x-" take part only
// in the -with-x modes; a void binding value matches on the header's presence alone; values are
// compared by value, so 1 (int) equals 1 (long) and strings compare as bytes.
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import { asNumber, asString, tableGet, valuesEqual } from '../field-values';

export type XMatch = 'all' | 'any' | 'all-with-x' | 'any-with-x';

export function xMatchOf(args: FieldTable): XMatch | undefined {
  const v = tableGet(args, 'x-match');
  if (!v) return 'all';
  const s = asString(v);
  return s === 'all' || s === 'any' || s === 'all-with-x' || s === 'any-with-x' ? s : undefined;
}

export interface HeaderVerdict {
  name: string;
  expected: FieldValue;
  actual: FieldValue | undefined;
  matched: boolean;
}

/** Compare each binding argument that takes part; the caller folds the verdicts by mode. */
export function compareHeaders(args: FieldTable, headers: FieldTable | undefined, mode: XMatch): HeaderVerdict[] {
  const withX = mode === 'all-with-x' || mode === 'any-with-x';
  const out: HeaderVerdict[] = [];
  for (const [name, expected] of args) {
    if (name === 'x-match') continue;
    if (!withX && name.startsWith('x-')) continue;
    const actual = tableGet(headers, name);
    out.push({ name, expected, actual, matched: actual !== undefined && valueMatches(expected, actual) });
  }
  return out;
}

function valueMatches(expected: FieldValue, actual: FieldValue): boolean {
  if (expected.type === 'V') return true;
  const a = asNumber(expected);
  const b = asNumber(actual);
  if (a !== undefined || b !== undefined) return a === b;
  return valuesEqual(expected, actual);
}

export function headersMatch(args: FieldTable, headers: FieldTable | undefined, mode: XMatch): boolean {
  const verdicts = compareHeaders(args, headers, mode);
  if (mode === 'all' || mode === 'all-with-x') return verdicts.every((v) => v.matched);
  return verdicts.some((v) => v.matched);
}
