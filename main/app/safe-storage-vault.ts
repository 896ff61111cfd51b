// The desktop app's profile passwords: sealed with Electron's safeStorage (the OS keychain: macOS
// Keychain, Windows DPAPI, libsecret/kwallet on Linux) into a file beside the profiles. Nothing is
// written where safeStorage cannot encrypt (a Linux desktop without a keyring): those passwords are
// kept for the running app only.
import { safeStorage } from 'electron';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SessionVault, type PasswordVault } from '../remote/profile-store';

export class SafeStorageVault implements PasswordVault {
  private readonly sealed: Record<string, string>;
  private readonly memory = new SessionVault();

  constructor(private readonly file: string) {
    this.sealed = readSealed(file);
  }

  get(scope: string, id: string): string | undefined {
    const m = this.memory.get(scope, id);
    if (m !== undefined) return m;
    const s = this.sealed[id];
    if (s === undefined || !safeStorage.isEncryptionAvailable()) return undefined;
    try { return safeStorage.decryptString(Buffer.from(s, 'base64')); } catch { return undefined; }
  }

  set(scope: string, id: string, password: string): void {
    if (!safeStorage.isEncryptionAvailable()) return this.memory.set(scope, id, password);
    this.sealed[id] = safeStorage.encryptString(password).toString('base64');
    this.persist();
  }

  delete(scope: string, id: string): void {
    this.memory.delete(scope, id);
    if (id in this.sealed) { delete this.sealed[id]; this.persist(); }
  }

  private persist(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.sealed), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function readSealed(file: string): Record<string, string> {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return {};
    return Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  } catch { return {}; }
}
