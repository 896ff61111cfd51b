import { describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { authenticate, parseBasic, satisfies, visibleVhosts, type Need } from './auth';
import type { HttpError } from './errors';

const basic = (s: string): string => `Basic ${Buffer.from(s).toString('base64')}`;

describe('basic auth', () => {
  it('parses user and password; the password may hold colons', () => {
    expect(parseBasic(basic('guest:gu:est'))).toEqual({ user: 'guest', password: 'gu:est' });
    expect(parseBasic(basic('no-colon'))).toBeNull();
    expect(parseBasic('Bearer abc')).toBeNull();
    expect(parseBasic(undefined)).toBeNull();
  });

  it('checks the password, and keeps loopback-only users to this machine', async () => {
    const b = new Broker();
    const from = (loopback: boolean, port: number) => ({ address: loopback ? '127.0.0.1' : '10.1.1.1', port, loopback });
    expect((await authenticate(b, basic('guest:guest'), from(true, 1))).name).toBe('guest');
    for (const [header, loopback] of [[basic('guest:nope'), true], [basic('guest:guest'), false], ['Basic !!', true]] as const) {
      const e = await authenticate(b, header, from(loopback, 2)).then(() => null, (err: HttpError) => err);
      expect(e?.status).toBe(401);
      expect(e?.body()).toEqual({ error: 'not_authorized', reason: 'Login failed' });
    }
    const none = await authenticate(b, undefined, from(true, 3)).then(() => null, (err: HttpError) => err);
    expect(none?.body()).toBeUndefined(); // the challenge alone
  });
});

describe('tags', () => {
  it('grant what RabbitMQ grants', () => {
    const b = new Broker();
    const needs: Need[] = ['management', 'monitoring', 'policymaker', 'administrator'];
    const grants = (tags: string[]): Need[] => needs.filter((n) => satisfies(b.users.put('u', { password: 'p', tags }), n));
    expect(grants(['administrator'])).toEqual(needs);
    expect(grants(['monitoring'])).toEqual(['management', 'monitoring']);
    expect(grants(['policymaker'])).toEqual(['management', 'policymaker']);
    expect(grants(['management'])).toEqual(['management']);
    expect(grants(['impersonator', 'custom'])).toEqual([]);
  });

  it('show monitors every vhost and management users those they have permissions in', () => {
    const b = new Broker();
    b.addVhost('a');
    b.addVhost('b');
    b.permissions.set({ user: 'm', vhost: 'b', configure: '', write: '', read: '' });
    expect(visibleVhosts(b, b.users.put('m', { password: 'p', tags: ['management'] }))).toEqual(['b']);
    expect(visibleVhosts(b, b.users.put('o', { password: 'p', tags: ['monitoring'] }))).toEqual(['/', 'a', 'b']);
  });
});
