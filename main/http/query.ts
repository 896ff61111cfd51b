// Listing parameters as RabbitMQ's management API reads them (rabbit_mgmt_util): sort and
// sort_reverse order a list, columns picks (dotted) fields, and page/page_size/name/use_regex turn
// a list into one page of a filtered list. Pure functions over JSON rows.
import { HttpError, badRequest } from './errors';

export type Row = Record<string, unknown>;

export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;

export interface Paged {
  filtered_count: number;
  item_count: number;
  items: Row[];
  page: number;
  page_count: number;
  page_size: number;
  total_count: number;
}

/** Sort, page and pick columns as the query asks. `pageable`: RabbitMQ pages only some lists
 *  (vhosts, exchanges, queues, connections, channels); others ignore the paging parameters. */
export function listReply(rows: Row[], query: URLSearchParams, defaultSort: readonly string[], pageable: boolean): Row[] | Paged {
  const paging = pageable ? pagination(query) : null;
  const sorted = sortRows(rows, query.get('sort'), query.get('sort_reverse') === 'true', defaultSort);
  const columns = parseColumns(query.get('columns'));
  if (!paging) return columns ? sorted.map((r) => pick(r, columns)) : sorted;
  const filtered = filterByName(sorted, query.get('name'), query.get('use_regex') === 'true');
  const pageCount = Math.ceil(filtered.length / paging.pageSize);
  if (paging.page > Math.max(1, pageCount)) {
    throw new HttpError(400, 'page_out_of_range', `Page out of range, page: ${paging.page} page size: ${paging.pageSize}, len: ${filtered.length}`);
  }
  const items = filtered.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
  return {
    filtered_count: filtered.length,
    item_count: items.length,
    items: columns ? items.map((r) => pick(r, columns)) : items,
    page: paging.page,
    page_count: pageCount,
    page_size: paging.pageSize,
    total_count: rows.length,
  };
}

/** null when the query asks for no paging (no `page`). */
export function pagination(query: URLSearchParams): { page: number; pageSize: number } | null {
  const rawPage = query.get('page');
  if (rawPage === null) return null;
  const rawSize = query.get('page_size');
  const page = integer(rawPage);
  const size = rawSize === null ? undefined : integer(rawSize);
  const ok = page > 0 && (size === undefined || (size > 0 && size <= MAX_PAGE_SIZE));
  if (!ok) {
    throw new HttpError(400, 'invalid_pagination_parameters', `Invalid pagination parameters: page number ${page}, page size ${size ?? 'undefined'}`);
  }
  return { page, pageSize: size ?? DEFAULT_PAGE_SIZE };
}

/** Erlang's list_to_integer: an optional sign and digits, else "Pagination parameters are invalid". */
function integer(s: string): number {
  if (!/^[+-]?\d{1,15}$/.test(s)) throw badRequest('Pagination parameters are invalid');
  return Number(s);
}

/** Case-insensitive, by substring or (use_regex=true) by regular expression, on `name`. */
export function filterByName(rows: Row[], name: string | null, useRegex: boolean): Row[] {
  if (name === null || name === '') return rows;
  let test: (s: string) => boolean;
  if (useRegex) {
    let re: RegExp;
    try { re = new RegExp(name, 'i'); } catch { throw badRequest('Pagination parameters are invalid'); }
    test = (s) => re.test(s);
  } else {
    const needle = name.toLowerCase();
    test = (s) => s.toLowerCase().includes(needle);
  }
  return rows.filter((r) => typeof r.name === 'string' && test(r.name));
}

/** Order by `sort` (a dotted path) then the resource's default keys; reversed as a whole. */
export function sortRows(rows: Row[], sort: string | null, reverse: boolean, defaultSort: readonly string[]): Row[] {
  const keys = [...(sort ? [sort] : []), ...defaultSort].map((k) => k.split('.'));
  const out = [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = compare(at(a, k), at(b, k));
      if (c !== 0) return c;
    }
    return 0;
  });
  return reverse ? out.reverse() : out;
}

// Erlang term order, near enough: numbers < booleans/atoms < strings, lists and maps last.
function rank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'string') return 4;
  return 3;
}

function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function at(row: unknown, path: readonly string[]): unknown {
  let v = row;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Row)[p];
  }
  return v;
}

/** null (every field) when no column is named. */
export function parseColumns(raw: string | null): string[][] | null {
  const names = (raw ?? '').split(',').filter((c) => c !== '');
  return names.length === 0 ? null : names.map((c) => c.split('.'));
}

/** Keep only the given paths; a missing field is left out, parents of a missing child stay. */
export function pick(row: Row, columns: readonly (readonly string[])[]): Row {
  const out: Row = {};
  for (const path of columns) copyPath(row, out, path);
  return out;
}

function copyPath(from: Row, to: Row, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(from, head)) return;
  const v = from[head];
  if (rest.length === 0) { to[head] = v; return; }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  const child = (to[head] && typeof to[head] === 'object' ? to[head] : (to[head] = {})) as Row;
  copyPath(v as Row, child, rest);
}
