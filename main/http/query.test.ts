import { describe, expect, it } from 'vitest';
import { HttpError } from './errors';
import { listReply, pick, sortRows } from './query';

const rows = [
  { name: 'amq.topic', type: 'topic', vhost: '/', n: 3 },
  { name: 'amq.direct', type: 'direct', vhost: '/', n: 10 },
  { name: 'orders', type: 'topic', vhost: 'b', n: 2 },
  { name: 'Audit', type: 'fanout', vhost: '/', n: 1 },
];
const q = (s: string): URLSearchParams => new URLSearchParams(s);
const names = (r: unknown): string[] => (r as Array<{ name: string }>).map((x) => x.name);
const thrown = (f: () => unknown): HttpError => { try { f(); } catch (e) { return e as HttpError; } throw new Error('did not throw'); };

describe('listReply', () => {
  it('sorts by the default keys, or by sort= then them, reversed as a whole', () => {
    expect(names(listReply(rows, q(''), ['vhost', 'name'], true))).toEqual(['Audit', 'amq.direct', 'amq.topic', 'orders']);
    expect(names(listReply(rows, q('sort=type&sort_reverse=true'), ['name'], true))).toEqual(['orders', 'amq.topic', 'Audit', 'amq.direct']);
    expect(names(listReply(rows, q('sort=n'), ['name'], true))).toEqual(['Audit', 'orders', 'amq.topic', 'amq.direct']); // numbers as numbers
  });

  it('pages a filtered list, name matched case-insensitively by substring or regex', () => {
    expect(listReply(rows, q('page=1&page_size=1&name=AMQ&columns=name'), ['name'], true)).toEqual({
      filtered_count: 2, item_count: 1, items: [{ name: 'amq.direct' }], page: 1, page_count: 2, page_size: 1, total_count: 4,
    });
    expect(names((listReply(rows, q('page=1&name=^a.*t$&use_regex=true'), ['name'], true) as { items: unknown }).items)).toEqual(['Audit', 'amq.direct']) // binary order, as Erlang compares;
    expect(listReply(rows, q('page=1&name=zzz'), ['name'], true)).toMatchObject({ filtered_count: 0, items: [], page_count: 0, page_size: 100 });
  });

  it('does not page or filter lists RabbitMQ does not page', () => {
    expect(names(listReply(rows, q('page=1&page_size=1&name=amq'), ['name'], false))).toHaveLength(4);
  });

  it('refuses bad paging with RabbitMQ\'s errors', () => {
    const cases: Array<[string, string, string]> = [
      ['page=3&page_size=1&name=amq', 'page_out_of_range', 'Page out of range, page: 3 page size: 1, len: 2'],
      ['page=2&name=zzz', 'page_out_of_range', 'Page out of range, page: 2 page size: 100, len: 0'],
      ['page=0', 'invalid_pagination_parameters', 'Invalid pagination parameters: page number 0, page size undefined'],
      ['page=1&page_size=0', 'invalid_pagination_parameters', 'Invalid pagination parameters: page number 1, page size 0'],
      ['page=1&page_size=501', 'invalid_pagination_parameters', 'Invalid pagination parameters: page number 1, page size 501'],
      ['page=x', 'bad_request', 'Pagination parameters are invalid'],
      ['page=1&page_size=1.5', 'bad_request', 'Pagination parameters are invalid'],
      ['page=1&name=(&use_regex=true', 'bad_request', 'Pagination parameters are invalid'],
    ];
    for (const [query, error, reason] of cases) {
      const e = thrown(() => listReply(rows, q(query), ['name'], true));
      expect(e.status, query).toBe(400);
      expect(e.body(), query).toEqual({ error, reason });
    }
  });
});

describe('columns', () => {
  it('keeps the named fields, dotted paths into objects, and skips missing ones', () => {
    const row = { name: 'q', message_stats: { publish: 3, publish_details: { rate: 1.5 } }, arguments: {} };
    expect(pick(row, [['name'], ['message_stats', 'publish_details', 'rate'], ['nope'], ['arguments', 'x']]))
      .toEqual({ name: 'q', message_stats: { publish_details: { rate: 1.5 } }, arguments: {} });
  });

  it('sorts by a dotted path', () => {
    const r = [{ name: 'a', s: { r: 2 } }, { name: 'b', s: { r: 1 } }, { name: 'c' }];
    expect(names(sortRows(r, 's.r', false, ['name']))).toEqual(['c', 'b', 'a']);
  });
});
