import { describe, expect, it } from 'vitest';
import { encodeTable } from '../codec/field-table';
import { parseCredentials } from './auth';

describe('SASL responses', () => {
  it('reads PLAIN', () => {
    expect(parseCredentials('PLAIN', Buffer.from('\0guest\0secret'))).toEqual({ user: 'guest', password: 'secret' });
    expect(parseCredentials('PLAIN', Buffer.from('guest'))).toBeNull();
  });

  it('reads AMQPLAIN: a field table without its length prefix', () => {
    const table = encodeTable([['LOGIN', { type: 'S', value: Buffer.from('guest') }], ['PASSWORD', { type: 'S', value: Buffer.from('guest') }]]);
    expect(parseCredentials('AMQPLAIN', table.subarray(4))).toEqual({ user: 'guest', password: 'guest' });
    expect(parseCredentials('AMQPLAIN', Buffer.from([1, 2, 3]))).toBeNull();
  });

  it('refuses other mechanisms', () => {
    expect(parseCredentials('EXTERNAL', Buffer.alloc(0))).toBeNull();
  });
});
