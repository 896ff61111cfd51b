import { describe, expect, it } from 'vitest';
import { erlangBinary, erlangEntries, erlangEntry, ipTuple } from './erlang-terms';

const S = (s: string) => ({ type: 'S' as const, value: Buffer.from(s) });

describe('Erlang terms as rabbitmq_event_exchange prints them', () => {
  it('prints table entries with RabbitMQ\'s type names, nested tables and arrays too', () => {
    expect(erlangEntry(['x-max-length', { type: 'b', value: 5 }])).toBe('{<<"x-max-length">>,byte,5}');
    expect(erlangEntry(['h', S('v')])).toBe('{<<"h">>,longstr,<<"v">>}');
    expect(erlangEntry(['big', { type: 'l', value: 2n ** 40n }])).toBe('{<<"big">>,long,1099511627776}');
    expect(erlangEntry(['capabilities', { type: 'F', value: [['publisher_confirms', { type: 't', value: true }]] }]))
      .toBe('{<<"capabilities">>,table,[{<<"publisher_confirms">>,bool,true}]}');
    expect(erlangEntry(['list', { type: 'A', value: [S('a'), { type: 'I', value: -1 }] }])).toBe('{<<"list">>,array,[{longstr,<<"a">>},{signedint,-1}]}');
    expect(erlangEntry(['none', { type: 'V', value: null }])).toBe('{<<"none">>,void,undefined}');
    expect(erlangEntries([['a', S('b')]])).toEqual({ type: 'A', value: [S('{<<"a">>,longstr,<<"b">>}')] });
  });

  it('quotes binaries as Erlang does: escapes, UTF-8 marked, other bytes listed', () => {
    expect(erlangBinary(Buffer.from('say "hi" \\ now'))).toBe('<<"say \\"hi\\" \\\\ now">>');
    expect(erlangBinary(Buffer.from('café'))).toBe('<<"café"/utf8>>');
    expect(erlangBinary(Buffer.from([0, 255, 7]))).toBe('<<0,255,7>>');
  });

  it('writes addresses as inet tuples', () => {
    expect(ipTuple('127.0.0.1')).toBe('{127,0,0,1}');
    expect(ipTuple('::ffff:10.1.2.3')).toBe('{10,1,2,3}');
    expect(ipTuple('::1')).toBe('{0,0,0,0,0,0,0,1}');
    expect(ipTuple('fe80::1:2')).toBe('{65152,0,0,0,0,0,1,2}');
  });
});
