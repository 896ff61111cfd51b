import { describe, expect, it } from 'vitest';
import { hashPassword } from './password-hash';
import { normaliseTags, Users } from './users';

describe('the user database', () => {
  it('authenticates by password and says why it refuses', () => {
    const users = new Users();
    users.put('app', { password: 'secret', tags: ['management'] });
    expect(users.authenticate('app', 'secret', false)).toMatchObject({ ok: true, user: { name: 'app', tags: ['management'] } });
    expect(users.authenticate('app', 'Secret', true)).toEqual({ ok: false, why: 'bad-password' });
    expect(users.authenticate('nobody', 'secret', true)).toEqual({ ok: false, why: 'unknown-user' });
  });

  it('lets guest in from loopback only, as RabbitMQ does', () => {
    const users = new Users();
    users.put('guest', { password: 'guest', tags: ['administrator'] });
    expect(users.authenticate('guest', 'guest', true).ok).toBe(true);
    expect(users.authenticate('guest', 'guest', false)).toEqual({ ok: false, why: 'loopback-only' });
    users.loopbackOnly.delete('guest');
    expect(users.authenticate('guest', 'guest', false).ok).toBe(true);
  });

  it('takes a hash exported from RabbitMQ as it is, and never keeps a clear password', () => {
    const users = new Users();
    const u = users.put('ops', { passwordHash: hashPassword('pw', 'rabbit_password_hashing_sha512'), hashingAlgorithm: 'rabbit_password_hashing_sha512' });
    expect(users.authenticate('ops', 'pw', true).ok).toBe(true);
    const v = users.put('dev', { password: 'pw' });
    expect(v.hashingAlgorithm).toBe('rabbit_password_hashing_sha256');
    expect(JSON.stringify([u, v])).not.toContain('"pw"');
  });

  it('reads tags as a list or a comma-separated string', () => {
    expect(normaliseTags('administrator, management,,')).toEqual(['administrator', 'management']);
    expect(normaliseTags(['monitoring', 'monitoring'])).toEqual(['monitoring']);
  });
});
