// Password hashes in RabbitMQ's format, so that users exported from RabbitMQ log in on Warren and
// the reverse: base64(salt ‖ H(salt ‖ utf8(password))) with a random 4-byte salt, where H is the
// algorithm named by `hashing_algorithm` in definitions (rabbit_password_hashing_*).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const HASHING_ALGORITHMS = {
  rabbit_password_hashing_sha256: 'sha256',
  rabbit_password_hashing_sha512: 'sha512',
  rabbit_password_hashing_md5: 'md5',
} as const;

export type HashingAlgorithm = keyof typeof HASHING_ALGORITHMS;

/** RabbitMQ's default since 3.6. */
export const DEFAULT_HASHING_ALGORITHM: HashingAlgorithm = 'rabbit_password_hashing_sha256';

/** RabbitMQ's salts are 32 bits. */
const SALT_BYTES = 4;

export function isHashingAlgorithm(name: string): name is HashingAlgorithm {
  return Object.prototype.hasOwnProperty.call(HASHING_ALGORITHMS, name);
}

export function hashPassword(password: string, algorithm: HashingAlgorithm = DEFAULT_HASHING_ALGORITHM, salt: Buffer = randomBytes(SALT_BYTES)): string {
  return Buffer.concat([salt, digest(algorithm, salt, password)]).toString('base64');
}

/** Does `password` match `hash`? An empty hash matches nothing: RabbitMQ's passwordless users
 *  (created with password_hash "") cannot log in with a password. */
export function verifyPassword(password: string, hash: string, algorithm: HashingAlgorithm): boolean {
  if (hash === '') return false;
  const raw = Buffer.from(hash, 'base64');
  if (raw.length <= SALT_BYTES) return false;
  const expected = raw.subarray(SALT_BYTES);
  const actual = digest(algorithm, raw.subarray(0, SALT_BYTES), password);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash RabbitMQ would accept: base64 of a 4-byte salt and a digest of the algorithm's size. */
/** Standard base64 with its padding (RabbitMQ refuses anything else as not_base64). */
export function isBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
}

export function isValidHash(hash: string, algorithm: HashingAlgorithm): boolean {
  if (hash === '') return true;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(hash)) return false;
  return Buffer.from(hash, 'base64').length === SALT_BYTES + createHash(HASHING_ALGORITHMS[algorithm]).digest().length;
}

function digest(algorithm: HashingAlgorithm, salt: Buffer, password: string): Buffer {
  return createHash(HASHING_ALGORITHMS[algorithm]).update(salt).update(password, 'utf8').digest();
}
