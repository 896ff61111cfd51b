// Connection profiles: the ways into remote brokers a user has saved. What is not secret (name,
// URLs, user, default vhost, read-only, CA) is kept per owner in a JSON file (or in memory);
// passwords never go there: a PasswordVault keeps them (Electron's safeStorage in the desktop app,
// the login session's memory in the headless UI).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LOCAL_PROFILE_ID, type ProfileInfo, type ProfileInput } from '../../shared/model/remote';

/** A profile as stored: ProfileInfo without what the vault knows. */
export type StoredProfile = Omit<ProfileInfo, 'hasPassword' | 'kind' | 'managementUrl' | 'user'> & { managementUrl: string; user: string };

/** Where passwords live. `scope` is whose they are: a headless login session, or the desktop window. */
export interface PasswordVault {
  get(scope: string, profileId: string): string | undefined;
  set(scope: string, profileId: string, password: string): void;
  delete(scope: string, profileId: string): void;
}

/** Passwords for a login session only: in memory, gone with the session or the process. */
export class SessionVault implements PasswordVault {
  private readonly byScope = new Map<string, Map<string, string>>();
  /** sessions beyond this: the oldest one's passwords go (as UiSessions drops its oldest session) */
  constructor(private readonly maxScopes = 1000) {}
  get(scope: string, id: string): string | undefined { return this.byScope.get(scope)?.get(id); }
  set(scope: string, id: string, password: string): void {
    let m = this.byScope.get(scope);
    if (!m) {
      if (this.byScope.size >= this.maxScopes) this.byScope.delete(this.byScope.keys().next().value!);
      this.byScope.set(scope, (m = new Map()));
    }
    m.set(id, password);
  }
  delete(scope: string, id: string): void { this.byScope.get(scope)?.delete(id); }
  /** a login session ended: forget its passwords */
  forget(scope: string): void { this.byScope.delete(scope); }
}

/** Profiles by owner (a UI user; '' for the desktop window), in `file` or in memory when null. */
export class ProfileStore {
  private readonly byOwner: Map<string, StoredProfile[]>;

  constructor(private readonly file: string | null) {
    this.byOwner = new Map(Object.entries(file ? readProfiles(file) : {}));
  }

  list(owner: string): StoredProfile[] {
    return (this.byOwner.get(owner) ?? []).map((p) => ({ ...p }));
  }

  get(owner: string, id: string): StoredProfile | undefined {
    const p = this.byOwner.get(owner)?.find((x) => x.id === id);
    return p ? { ...p } : undefined;
  }

  /** create (no id) or update; the password is the vault's business, not the store's */
  save(owner: string, input: ProfileInput): StoredProfile {
    const list = this.byOwner.get(owner) ?? [];
    const existing = input.id ? list.find((x) => x.id === input.id) : undefined;
    if (input.id && (!existing || input.id === LOCAL_PROFILE_ID)) throw new ProfileError(`no profile '${input.id}'`);
    const name = input.name.trim();
    if (list.some((x) => x.name === name && x.id !== input.id)) throw new ProfileError(`a profile named '${name}' exists already`);
    const p: StoredProfile = {
      id: existing?.id ?? randomUUID().replaceAll('-', ''),
      name,
      managementUrl: input.managementUrl.replace(/\/+$/, ''),
      user: input.user,
      amqpUrl: input.amqpUrl ?? null,
      defaultVhost: input.defaultVhost,
      readOnly: input.readOnly,
      // undefined keeps the CA the profile has; null clears it
      caPem: input.caPem === undefined ? existing?.caPem ?? null : input.caPem,
    };
    this.byOwner.set(owner, existing ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p]);
    this.persist();
    return { ...p };
  }

  delete(owner: string, id: string): boolean {
    const list = this.byOwner.get(owner) ?? [];
    if (!list.some((x) => x.id === id)) return false;
    this.byOwner.set(owner, list.filter((x) => x.id !== id));
    this.persist();
    return true;
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.byOwner), null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

export class ProfileError extends Error {}

/** The file's profiles; a missing or unreadable file is no profiles (a damaged file is not fatal:
 *  profiles are a convenience, and the next save rewrites it whole). */
function readProfiles(file: string): Record<string, StoredProfile[]> {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return {}; }
  try {
    const data = JSON.parse(text) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    const out: Record<string, StoredProfile[]> = {};
    for (const [owner, list] of Object.entries(data)) {
      if (Array.isArray(list)) out[owner] = list.filter(isStoredProfile);
    }
    return out;
  } catch { return {}; }
}

function isStoredProfile(p: unknown): p is StoredProfile {
  const o = p as Record<string, unknown>;
  return !!o && typeof o.id === 'string' && typeof o.name === 'string' && typeof o.managementUrl === 'string'
    && typeof o.user === 'string' && typeof o.defaultVhost === 'string' && typeof o.readOnly === 'boolean';
}
