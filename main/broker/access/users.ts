// The internal user database (RabbitMQ's rabbit_auth_backend_internal): users with password
// hashes in RabbitMQ's format and tags. Authentication answers why it refused, so that each
// protocol can say it the way its clients expect.
import type { Limits } from '../parameters/limits';
import { DEFAULT_HASHING_ALGORITHM, hashPassword, type HashingAlgorithm, verifyPassword } from './password-hash';

/** Tags RabbitMQ gives meaning to (the management API and UI); any other tag is kept as given. */
export const KNOWN_TAGS = ['administrator', 'monitoring', 'policymaker', 'management', 'impersonator'] as const;

export interface User {
  readonly name: string;
  readonly passwordHash: string;
  readonly hashingAlgorithm: HashingAlgorithm;
  readonly tags: readonly string[];
}

export type UserInput =
  | { password: string; tags?: readonly string[] }
  | { passwordHash: string; hashingAlgorithm?: HashingAlgorithm; tags?: readonly string[] };

export type AuthResult =
  | { ok: true; user: User }
  | { ok: false; why: 'unknown-user' | 'bad-password' | 'loopback-only' };

const NO_LIMITS: Limits = Object.freeze({});

export class Users {
  private readonly byName = new Map<string, User>();
  /** max-connections and max-channels per user; kept when a user is replaced (a new password) */
  private readonly limitsByName = new Map<string, Limits>();
  /** RabbitMQ's loopback_users: these may log in from this machine only (guest, by default). */
  readonly loopbackOnly = new Set<string>(['guest']);

  get(name: string): User | undefined { return this.byName.get(name); }
  has(name: string): boolean { return this.byName.has(name); }
  list(): User[] { return [...this.byName.values()]; }
  get size(): number { return this.byName.size; }

  /** Create or replace a user (PUT /api/users/{name} semantics). */
  put(name: string, input: UserInput): User {
    const tags = normaliseTags(input.tags ?? []);
    const user: User = 'password' in input
      ? { name, passwordHash: hashPassword(input.password), hashingAlgorithm: DEFAULT_HASHING_ALGORITHM, tags }
      : { name, passwordHash: input.passwordHash, hashingAlgorithm: input.hashingAlgorithm ?? DEFAULT_HASHING_ALGORITHM, tags };
    this.byName.set(name, user);
    return user;
  }

  delete(name: string): boolean {
    this.limitsByName.delete(name);
    return this.byName.delete(name);
  }

  limits(name: string): Limits { return this.limitsByName.get(name) ?? NO_LIMITS; }

  /** Replace a user's limits ({} clears them). */
  setLimits(name: string, limits: Limits): void {
    if (Object.keys(limits).length === 0) this.limitsByName.delete(name);
    else this.limitsByName.set(name, limits);
  }

  authenticate(name: string, password: string, fromLoopback: boolean): AuthResult {
    const user = this.byName.get(name);
    if (!user) return { ok: false, why: 'unknown-user' };
    if (!verifyPassword(password, user.passwordHash, user.hashingAlgorithm)) return { ok: false, why: 'bad-password' };
    if (!fromLoopback && this.loopbackOnly.has(name)) return { ok: false, why: 'loopback-only' };
    return { ok: true, user };
  }
}

/** Tags arrive as a list or as RabbitMQ's comma-separated string ("administrator,management"). */
export function normaliseTags(tags: readonly string[] | string): string[] {
  const list = typeof tags === 'string' ? tags.split(',') : tags;
  return [...new Set(list.map((t) => t.trim()).filter((t) => t !== ''))];
}

export function hasTag(user: User, tag: (typeof KNOWN_TAGS)[number]): boolean {
  return user.tags.includes(tag);
}
