import { describe, expect, it } from 'vitest';
import { hashPassword, isValidHash, verifyPassword } from './password-hash';

describe("RabbitMQ's password hashes", () => {
  // Known answers computed with RabbitMQ's documented procedure (salt 908DC60A, password test12;
  // salt CAD5089B, password simon).
  it('hashes with a given salt exactly as RabbitMQ does', () => {
    expect(hashPassword('test12', 'rabbit_password_hashing_sha256', Buffer.from('908DC60A', 'hex'))).toBe('kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR');
    expect(hashPassword('simon', 'rabbit_password_hashing_md5', Buffer.from('CAD5089B', 'hex'))).toBe('ytUIm8s3AnKsXQjptplKFytfVxI=');
  });

  it('verifies hashes exported from RabbitMQ and refuses wrong passwords', () => {
    expect(verifyPassword('test12', 'kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR', 'rabbit_password_hashing_sha256')).toBe(true);
    expect(verifyPassword('test13', 'kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR', 'rabbit_password_hashing_sha256')).toBe(false);
    expect(verifyPassword('simon', 'ytUIm8s3AnKsXQjptplKFytfVxI=', 'rabbit_password_hashing_md5')).toBe(true);
    expect(verifyPassword('simon', 'ytUIm8s3AnKsXQjptplKFytfVxI=', 'rabbit_password_hashing_sha256')).toBe(false);
  });

  it('salts each new hash, and every algorithm round-trips', () => {
    for (const alg of ['rabbit_password_hashing_sha256', 'rabbit_password_hashing_sha512', 'rabbit_password_hashing_md5'] as const) {
      const a = hashPassword('s3cret ü', alg);
      expect(a).not.toBe(hashPassword('s3cret ü', alg));
      expect(verifyPassword('s3cret ü', a, alg)).toBe(true);
      expect(verifyPassword('s3cret u', a, alg)).toBe(false);
      expect(isValidHash(a, alg)).toBe(true);
    }
  });

  it('lets no password match an empty or malformed hash', () => {
    expect(verifyPassword('', '', 'rabbit_password_hashing_sha256')).toBe(false);
    expect(verifyPassword('x', 'AAAA', 'rabbit_password_hashing_sha256')).toBe(false);
    expect(isValidHash('not base64!', 'rabbit_password_hashing_sha256')).toBe(false);
    expect(isValidHash(hashPassword('x', 'rabbit_password_hashing_md5'), 'rabbit_password_hashing_sha256')).toBe(false);
  });
});
