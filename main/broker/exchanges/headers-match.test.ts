// The headers exchange's rule (RabbitMQ's rabbit_exchange_type_headers): x-match all / any /
// all-with-x / any-with-x, x- arguments, typed values and void, as the integration suite checks it
// against RabbitMQ (main/integration/lifecycle-routing.test.ts).
import { describe, expect, it } from 'vitest';
import { coreVhost, declareQueue, errorOf, table, type Fields } from '../../test-support/core-fakes';
import { Reply } from '../errors';
import { headersMatch, xMatchOf } from './headers-match';


/** Would a binding with `args` match a message with `headers`? */
function matches(args: Fields, headers: Fields | undefined): boolean {
  const a = table(args);
  return headersMatch(a, headers === undefined ? undefined : table(headers), xMatchOf(a)!);
}

describe('headers matching', () => {
  it('all: every binding header must be present with its value', () => {
    const args = { 'x-match': 'all', a: '1', b: '2' };
    expect(matches(args, { a: '1', b: '2', extra: 'ok' })).toBe(true);
    expect(matches(args, { a: '1' })).toBe(false);
    expect(matches(args, { a: '1', b: '3' })).toBe(false);
    expect(matches(args, undefined)).toBe(false);
  });

  it('any: one matching header is enough', () => {
    const args = { 'x-match': 'any', a: '1', b: '2' };
    expect(matches(args, { b: '2' })).toBe(true);
    expect(matches(args, { a: '0', b: '0' })).toBe(false);
    expect(matches(args, undefined)).toBe(false);
  });

  it('no x-match means all', () => {
    expect(xMatchOf(table({ a: '1' }))).toBe('all');
    expect(matches({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(matches({ a: '1', b: '2' }, { a: '1', b: '2' })).toBe(true);
  });

  it('all and any ignore x- binding arguments; all-with-x and any-with-x compare them', () => {
    expect(matches({ 'x-match': 'all', 'x-k': 'v', a: '1' }, { a: '1' })).toBe(true);
    expect(matches({ 'x-match': 'any', 'x-k': 'v' }, { 'x-k': 'v' })).toBe(false);
    expect(matches({ 'x-match': 'all-with-x', 'x-k': 'v', a: '1' }, { a: '1' })).toBe(false);
    expect(matches({ 'x-match': 'all-with-x', 'x-k': 'v', a: '1' }, { a: '1', 'x-k': 'v' })).toBe(true);
    expect(matches({ 'x-match': 'any-with-x', 'x-k': 'v', a: '1' }, { 'x-k': 'v' })).toBe(true);
  });

  it('a binding with only x-match matches every message under all and none under any', () => {
    expect(matches({ 'x-match': 'all' }, { whatever: 1 })).toBe(true);
    expect(matches({ 'x-match': 'all' }, undefined)).toBe(true);
    expect(matches({ 'x-match': 'any' }, { whatever: 1 })).toBe(false);
  });

  it('typed values: integer 1 is not string "1"; integers match whatever their width', () => {
    expect(matches({ n: 1 }, { n: '1' })).toBe(false);
    expect(matches({ n: '1' }, { n: 1 })).toBe(false);
    expect(matches({ n: { type: 'l', value: 7n } }, { n: { type: 'I', value: 7 } })).toBe(true);
    expect(matches({ n: true }, { n: 1 })).toBe(false);
    expect(matches({ n: 1 }, { n: 2 })).toBe(false);
    expect(matches({ f: true }, { f: true })).toBe(true);
    expect(matches({ f: true }, { f: false })).toBe(false);
  });

  it('strings compare as bytes, case included', () => {
    expect(matches({ s: 'Abc' }, { s: 'abc' })).toBe(false);
    expect(matches({ s: 'é' }, { s: 'é' })).toBe(true);
  });

  it('a void binding value matches on the presence of the header alone', () => {
    expect(matches({ k: null }, { k: 'anything' })).toBe(true);
    expect(matches({ k: null }, { k: 0 })).toBe(true);
    expect(matches({ k: null }, { other: 'x' })).toBe(false);
  });

  it('x-match takes only all, any, all-with-x, any-with-x; binding with another value is a 406', () => {
    expect(['all', 'any', 'all-with-x', 'any-with-x', 'ALL', 'none'].map((m) => xMatchOf(table({ 'x-match': m })))).toEqual(['all', 'any', 'all-with-x', 'any-with-x', undefined, undefined]);
    const v = coreVhost();
    declareQueue(v, 'q');
    const e = errorOf(() => v.bindQueue('q', 'amq.headers', '', table({ 'x-match': 'some' }), null));
    expect(e.replyCode).toBe(Reply.PRECONDITION_FAILED);
    expect(e.replyText).toBe('PRECONDITION_FAILED - Invalid x-match field value <<"some">>; expected all, any, all-with-x, or any-with-x');
    expect(v.queue('q')!.bindings.size).toBe(0);
  });
});
