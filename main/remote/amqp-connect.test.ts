import { describe, expect, it } from 'vitest';
import { amqpError, amqpOf, clientUrl, connectAmqp } from './amqp-connect';

const target = { amqpUrl: 'amqp://rabbit.example:5673', user: 'ops@x', password: 'p:w/d', vhost: '/', name: "Warren window: firehose of vhost '/'" };

describe('clientUrl', () => {
  it('fills in credentials, the vhost (/ as %2F) and the name, each encoded', () => {
    const u = clientUrl(target);
    expect(u.host).toBe('rabbit.example:5673');
    expect(decodeURIComponent(u.username)).toBe('ops@x');
    expect(decodeURIComponent(u.password)).toBe('p:w/d');
    expect(u.pathname).toBe('/%2F');
    expect(u.searchParams.get('name')).toBe("Warren window: firehose of vhost '/'");
  });

  it('refuses what is not amqp(s)', () => {
    expect(() => clientUrl({ ...target, amqpUrl: 'http://x:15672' })).toThrow("the AMQP URL must be amqp:// or amqps://, got 'http://x:15672'");
    expect(() => clientUrl({ ...target, amqpUrl: 'nonsense' })).toThrow("not an AMQP URL: 'nonsense'");
  });
});

describe('amqpError', () => {
  const t = { user: 'bob', vhost: 'staging' };
  it.each([
    ['connection closed: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. (403)', 'auth', "refused user 'bob' over AMQP: wrong user name or password"],
    ['connection closed: NOT_ALLOWED - vhost staging not found (530)', 'not-found', "has no vhost 'staging'"],
    ["connection closed: NOT_ALLOWED - access to vhost 'staging' refused for user 'bob' (530)", 'forbidden', "does not let user 'bob' use vhost 'staging'"],
    ['connect ECONNREFUSED 127.0.0.1:5999', 'unreachable', 'connection refused'],
    ['getaddrinfo ENOTFOUND nohost.invalid', 'unreachable', 'no such host'],
    ['error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'tls', 'TLS: AMQP at h:1 failed'],
  ])('%s', (message, kind, text) => {
    const e = amqpError(new Error(message), 'h:1', t);
    expect(e.kind).toBe(kind);
    expect(e.message).toContain(text);
  });

  it('a port that refuses, through connectAmqp', async () => {
    await expect(connectAmqp({ ...target, amqpUrl: 'amqp://127.0.0.1:1' })).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('cannot reach AMQP at 127.0.0.1:1') });
  });
});

describe('amqpOf', () => {
  const p = { managementUrl: 'https://rabbit.example:15671/rabbitmq', amqpUrl: null, user: 'u', password: 'p' };
  it("takes the profile's AMQP URL, else the management host on 5672 (5671 for https)", () => {
    expect(amqpOf(p)).toEqual({ amqpUrl: 'amqps://rabbit.example:5671', user: 'u', password: 'p', caPem: null });
    expect(amqpOf({ ...p, managementUrl: 'http://[::1]:15672' }).amqpUrl).toBe('amqp://[::1]:5672');
    expect(amqpOf({ ...p, amqpUrl: 'amqp://other:5673', caPem: 'PEM' })).toEqual({ amqpUrl: 'amqp://other:5673', user: 'u', password: 'p', caPem: 'PEM' });
  });
});
