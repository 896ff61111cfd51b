// Profiles in the browser UI of `warren serve`, against a real RabbitMQ and a Warren: a profile
// saved from the window (its password kept for the login session only, never in the profiles file),
// the window switched onto the remote and back, two profiles' definitions compared, and the
// remote's topology imported into the embedded broker ("staging's topology on my laptop").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologySnapshot } from '../../shared/ipc/contract';
import type { DefinitionsDiff, ProfileInfo, TargetInfo } from '../../shared/model/remote';
import { useTempDirs } from '../test-support/tmp-dir';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { openWindowClient, type WindowClient } from '../test-support/window-client';
import type { ManagementTarget } from './management-support';
import { seg } from './management-support';
import { REMOTE_BROKERS, START_TIMEOUT_MS } from './remote-support';
import { uniqueName } from './harness';

const tempDir = useTempDirs('window-profiles', { keep: 'file' });

describe.each(REMOTE_BROKERS)('profiles in the browser UI, onto $name', ({ name, start }) => {
  let remote: ManagementTarget;
  let warren: WarrenProcess;
  let settings: string;
  let w: WindowClient;
  let id: string;
  const staging = uniqueName('staging');
  // the profile's own user on the remote, with a password nothing else in the file could contain
  const user: [string, string] = [uniqueName('ops'), `pw-${Math.random().toString(36).slice(2)}`];
  beforeAll(async () => {
    remote = await start();
    expect((await remote.call('PUT', `/api/users/${seg(user[0])}`, { body: { password: user[1], tags: 'administrator' } })).status).toBe(201);
    expect((await remote.call('PUT', `/api/permissions/%2F/${seg(user[0])}`, { body: { configure: '.*', write: '.*', read: '.*' } })).status).toBeLessThan(300);
    expect((await remote.call('PUT', `/api/queues/%2F/${seg(staging)}`, { body: { durable: true, arguments: { 'x-max-length': 10 } } })).status).toBe(201);
    expect((await remote.call('PUT', `/api/exchanges/%2F/${seg(`${staging}.x`)}`, { body: { type: 'topic', durable: true } })).status).toBe(201);
    expect((await remote.call('POST', `/api/bindings/%2F/e/${seg(`${staging}.x`)}/q/${seg(staging)}`, { body: { routing_key: 'eu.#' } })).status).toBe(201);
    settings = tempDir();
    warren = await spawnWarren(['--in-memory', '--port', '0', '--ui-port', '0', '--host', '127.0.0.1', '--settings-dir', settings, '--log-level', 'warn'], { ui: true });
    w = await openWindowClient(warren.uiUrl!, 'guest', 'guest');
  }, START_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await w?.close();
    await warren?.stop();
    await remote?.call('DELETE', `/api/queues/%2F/${seg(staging)}`);
    await remote?.call('DELETE', `/api/exchanges/%2F/${seg(`${staging}.x`)}`);
    await remote?.call('DELETE', `/api/users/${seg(user[0])}`);
    await remote?.stop();
  });

  it('saves a profile with its password kept for the login session, never in the profiles file', async () => {
    const p = await w.value<ProfileInfo>('saveProfile', { name: 'staging', managementUrl: remote.base, user: user[0], password: user[1], defaultVhost: '/', readOnly: false });
    id = p.id;
    expect(p).toMatchObject({ kind: 'remote', hasPassword: true, managementUrl: remote.base });
    const file = readFileSync(join(settings, 'profiles.json'), 'utf8');
    expect(file).toContain('"staging"');
    expect(file).toContain(user[0]);
    expect(file).not.toContain(user[1]);
  });

  it('switches the window onto the remote broker and back', async () => {
    const t = await w.value<TargetInfo>('useProfile', { id });
    expect(t).toMatchObject({ kind: 'remote', product: name, name: 'staging' });
    const snap = await w.value<TopologySnapshot>('getSnapshot', { vhost: '/' });
    expect(snap.queues.map((q) => q.name)).toContain(staging);
    expect((await w.value<TargetInfo>('useProfile', { id: 'local' })).kind).toBe('local');
    const local = await w.value<TopologySnapshot>('getSnapshot', { vhost: '/' });
    expect(local.queues.map((q) => q.name)).not.toContain(staging);
  });

  it('compares the laptop with staging, imports staging\'s topology, and then they agree on it', async () => {
    const before = await w.value<DefinitionsDiff>('diffDefinitions', { left: 'local', right: id, vhost: '/' });
    expect(before).toMatchObject({ left: 'This computer', right: 'staging', vhost: '/' });
    const section = (d: DefinitionsDiff, kind: string) => d.sections.find((s) => s.kind === kind)!;
    expect(section(before, 'queues').onlyRight.join(' ')).toContain(staging);
    expect(section(before, 'exchanges').onlyRight.join(' ')).toContain(`${staging}.x`);
    const imported = await w.value<Record<string, number>>('importFromProfile', { id, vhost: '/' });
    expect(imported.queues).toBeGreaterThanOrEqual(1);
    const local = await w.value<TopologySnapshot>('getSnapshot', { vhost: '/' });
    expect(local.queues.find((q) => q.name === staging)?.arguments).toEqual({ 'x-max-length': 10 });
    expect(local.bindings).toContainEqual(expect.objectContaining({ source: `${staging}.x`, destination: staging, routingKey: 'eu.#' }));
    const after = await w.value<DefinitionsDiff>('diffDefinitions', { left: 'local', right: id, vhost: '/' });
    for (const kind of ['queues', 'exchanges', 'bindings']) {
      const s = section(after, kind);
      expect([...s.onlyRight, ...s.changed.map((c) => c.key)].join(' ')).not.toContain(staging);
    }
  });

  it('forgets the password when the login session ends', async () => {
    await fetch(new URL('/api/ui/logout', warren.uiUrl!), { method: 'POST', headers: { cookie: w.cookie } });
    await w.close();
    w = await openWindowClient(warren.uiUrl!, 'guest', 'guest');
    const list = await w.value<ProfileInfo[]>('listProfiles', {});
    expect(list.find((p) => p.id === id)).toMatchObject({ name: 'staging', hasPassword: false });
    expect(await w.invoke('useProfile', { id })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: "profile 'staging' keeps no password: give it to connect" } });
    expect((await w.value<TargetInfo>('useProfile', { id, password: user[1] })).kind).toBe('remote');
  });
});
