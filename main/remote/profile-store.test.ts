// Profiles on disk hold no password; a damaged file is no profiles, not a crash.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/tmp-dir';
import { ProfileStore, SessionVault } from './profile-store';

const tempDir = useTempDirs('profiles');
const input = { name: 'staging', managementUrl: 'https://rabbit:15671/', user: 'ops', defaultVhost: '/', readOnly: true, password: 'hunter2', caPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' };

describe('ProfileStore', () => {
  it('keeps profiles per owner across restarts, and never a password', () => {
    const file = join(tempDir(), 'profiles.json');
    const p = new ProfileStore(file).save('ann', input);
    new ProfileStore(file).save('bob', { ...input, name: 'prod' });
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    const again = new ProfileStore(file);
    expect(again.list('ann')).toEqual([{ id: p.id, name: 'staging', managementUrl: 'https://rabbit:15671', user: 'ops', amqpUrl: null, defaultVhost: '/', readOnly: true, caPem: input.caPem }]);
    expect(again.list('bob').map((x) => x.name)).toEqual(['prod']);
    // an update keeps the CA unless told to clear it
    again.save('ann', { ...input, id: p.id, caPem: undefined, readOnly: false });
    expect(again.get('ann', p.id)).toMatchObject({ readOnly: false, caPem: input.caPem });
    again.save('ann', { ...input, id: p.id, caPem: null });
    expect(again.get('ann', p.id)?.caPem).toBeNull();
    expect(again.delete('ann', p.id)).toBe(true);
    expect(new ProfileStore(file).list('ann')).toEqual([]);
  });

  it('reads a damaged file as no profiles, and rewrites it on the next save', () => {
    const file = join(tempDir(), 'profiles.json');
    writeFileSync(file, '{ not json');
    const s = new ProfileStore(file);
    expect(s.list('ann')).toEqual([]);
    s.save('ann', input);
    expect(new ProfileStore(file).list('ann')).toHaveLength(1);
  });

  it('refuses an update of a profile that does not exist', () => {
    expect(() => new ProfileStore(null).save('ann', { ...input, id: 'nope' })).toThrow("no profile 'nope'");
  });
});

describe('SessionVault', () => {
  it('keeps a password for its session only, and forgets the session', () => {
    const v = new SessionVault();
    v.set('s1', 'p', 'pw');
    expect([v.get('s1', 'p'), v.get('s2', 'p')]).toEqual(['pw', undefined]);
    v.forget('s1');
    expect(v.get('s1', 'p')).toBeUndefined();
  });
});
