// A window's session over the embedded broker and a stand-in remote target: profiles and their
// passwords, switching (the target left is closed), read-only refusal, and closing.
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../shared/ipc/contract';
import type { TargetInfo } from '../../shared/model/remote';
import { Broker } from '../broker/broker';
import { ProfileStore, SessionVault } from '../remote/profile-store';
import { createBridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';
import { WindowSession, type RemoteProfile } from './window-session';
import { localTarget, type WindowTarget } from './window-target';

const LOCAL_INFO: TargetInfo = {
  profileId: 'local', name: 'This computer', kind: 'local', readOnly: false, product: 'Warren', version: '0', clusterName: 'w', managementUrl: null, user: '', defaultVhost: '/',
};

/** A remote target that records what reached it: the session's rules are under test, not the remote. */
class RecordingTarget implements WindowTarget {
  readonly calls: string[] = [];
  closed = false;
  watching = 0;
  constructor(readonly info: TargetInfo) {}
  dispatch = async (name: unknown): Promise<Result<unknown>> => { this.calls.push(String(name)); return ok(`${this.info.name}:${String(name)}`); };
  watch() { this.watching++; return () => { this.watching--; }; }
  async close() { this.closed = true; }
}

function setup(opts: { connectFails?: string } = {}) {
  const broker = new Broker();
  const bridge = createBridge(broker, new MemoryLayoutStore());
  const profiles = new ProfileStore(null);
  const vault = new SessionVault();
  const opened: RecordingTarget[] = [];
  const connected: RemoteProfile[] = [];
  const session = (scope = 's1') => new WindowSession({
    local: localTarget(bridge, LOCAL_INFO), profiles, vault, owner: 'ann', scope, principal: null,
    connect: async (p) => {
      connected.push(p);
      if (opts.connectFails) throw new (await import('../remote/management-client')).RemoteError('auth', opts.connectFails);
      const t = new RecordingTarget({ ...LOCAL_INFO, profileId: p.id, name: p.name, kind: 'remote', readOnly: p.readOnly, product: 'RabbitMQ' });
      opened.push(t);
      return t;
    },
    definitionsOf: async (p) => ({ rabbit_version: '3.10.8', queues: [{ name: `q-${p.name}`, vhost: '/', durable: true, auto_delete: false, arguments: {} }] }),
    diff: (l, r, names) => ({ left: names.left, right: names.right, vhost: null, sections: [{ kind: 'queues', onlyLeft: [JSON.stringify(l.queues)], onlyRight: [JSON.stringify(r.queues)], changed: [], same: 0 }] }),
  });
  return { broker, profiles, vault, opened, connected, session };
}

const input = (over: Record<string, unknown> = {}) => ({ name: 'staging', managementUrl: 'http://rabbit:15672', user: 'ops', defaultVhost: '/', readOnly: false, ...over });

describe('WindowSession', () => {
  it('lists This computer first, then the owner\'s profiles, saying which keep a password', async () => {
    const { session } = setup();
    const s = session();
    const saved = await s.dispatch('saveProfile', input({ password: 'pw' }));
    expect(saved.ok).toBe(true);
    await s.dispatch('saveProfile', input({ name: 'prod', readOnly: true }));
    const list = await s.dispatch('listProfiles', {});
    expect(list.ok && (list.value as Array<{ name: string; kind: string; hasPassword: boolean }>).map((p) => [p.name, p.kind, p.hasPassword])).toEqual([
      ['This computer', 'local', false], ['staging', 'remote', true], ['prod', 'remote', false],
    ]);
    // the password never comes back
    expect(JSON.stringify(list)).not.toContain('pw');
  });

  it('validates the profile form with readable reasons', async () => {
    const { session } = setup();
    const r = await session().dispatch('saveProfile', input({ managementUrl: 'http://ops:pw@rabbit:15672' }));
    expect(r).toEqual(fail('BAD_REQUEST', 'saveProfile: managementUrl: put the user and password in their own fields, not in the management URL'));
    const dup = setup();
    const s = dup.session();
    await s.dispatch('saveProfile', input());
    expect(await s.dispatch('saveProfile', input())).toEqual(fail('BAD_REQUEST', "a profile named 'staging' exists already"));
  });

  it('switches to a remote profile with its password, sends commands there, and closes it on leaving', async () => {
    const { session, opened, connected } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input({ password: 'pw' }));
    const id = (p as { value: { id: string } }).value.id;
    const used = await s.dispatch('useProfile', { id });
    expect(used.ok && (used.value as TargetInfo).name).toBe('staging');
    expect(connected[0]).toMatchObject({ managementUrl: 'http://rabbit:15672', user: 'ops', password: 'pw' });
    expect(await s.dispatch('getSnapshot', { vhost: '/' })).toEqual(ok('staging:getSnapshot'));
    const back = await s.dispatch('useProfile', { id: 'local' });
    expect(back.ok && (back.value as TargetInfo).kind).toBe('local');
    expect(opened[0].closed).toBe(true);
    const snap = await s.dispatch('getSnapshot', { vhost: '/' });
    expect(snap.ok && (snap.value as { vhost: string }).vhost).toBe('/');
  });

  it('asks for a password a profile does not keep, and keeps it for the session once given', async () => {
    const { session } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input());
    const id = (p as { value: { id: string } }).value.id;
    expect(await s.dispatch('useProfile', { id })).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: "profile 'staging' keeps no password: give it to connect" } });
    expect((await s.dispatch('useProfile', { id, password: 'pw' })).ok).toBe(true);
    const list = await s.dispatch('listProfiles', {});
    expect(list.ok && (list.value as Array<{ hasPassword: boolean }>)[1].hasPassword).toBe(true);
    // another login session (scope) does not get it
    const other = session('s2');
    expect((await other.dispatch('useProfile', { id })).ok).toBe(false);
  });

  it('passes the remote refusal through as one plain message, and stays where it was', async () => {
    const { session } = setup({ connectFails: "the broker at rabbit:15672 refused user 'ops': wrong user name or password" });
    const s = session();
    const p = await s.dispatch('saveProfile', input({ password: 'bad' }));
    const r = await s.dispatch('useProfile', { id: (p as { value: { id: string } }).value.id });
    expect(r).toEqual(fail('ACCESS_REFUSED', "the broker at rabbit:15672 refused user 'ops': wrong user name or password"));
    const t = await s.dispatch('getTarget', {});
    expect(t.ok && (t.value as TargetInfo).kind).toBe('local');
  });

  it('refuses every change on a read-only profile before it reaches the broker, and lets reads through', async () => {
    const { session, opened } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input({ name: 'prod', readOnly: true, password: 'pw' }));
    await s.dispatch('useProfile', { id: (p as { value: { id: string } }).value.id });
    const r = await s.dispatch('declareQueue', { vhost: '/', name: 'q', durable: true, exclusive: false, autoDelete: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED', message: "profile 'prod' is read-only: declareQueue would change its broker" } });
    expect((await s.dispatch('publish', {})).ok).toBe(false);
    expect((await s.dispatch('listConnections', { vhost: '/' })).ok).toBe(true);
    expect(opened[0].calls).toEqual(['listConnections']);
  });

  it('will not delete the profile the window is on', async () => {
    const { session } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input({ password: 'pw' }));
    const id = (p as { value: { id: string } }).value.id;
    await s.dispatch('useProfile', { id });
    expect((await s.dispatch('deleteProfile', { id })).ok).toBe(false);
    await s.dispatch('useProfile', { id: 'local' });
    expect(await s.dispatch('deleteProfile', { id })).toEqual(ok(null));
    expect((await s.dispatch('useProfile', { id })).ok).toBe(false);
  });

  it('compares two profiles\' definitions and imports a profile\'s into the embedded broker', async () => {
    const { session, broker } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input({ password: 'pw' }));
    const id = (p as { value: { id: string } }).value.id;
    const d = await s.dispatch('diffDefinitions', { left: 'local', right: id });
    expect(d.ok && (d.value as { left: string; right: string }).right).toBe('staging');
    const imported = await s.dispatch('importFromProfile', { id });
    expect(imported.ok).toBe(true);
    expect(broker.vhost('/')!.queue('q-staging')).toBeDefined();
  });

  it('closes its remote target with the window, and moves its watch along on a switch', async () => {
    const { session, opened } = setup();
    const s = session();
    const p = await s.dispatch('saveProfile', input({ password: 'pw' }));
    await s.dispatch('useProfile', { id: (p as { value: { id: string } }).value.id });
    const stop = s.watch('/', { send() {} });
    await Promise.resolve();
    expect(opened[0].watching).toBe(1);
    stop();
    expect(opened[0].watching).toBe(0);
    s.watch('/', { send() {} });
    await Promise.resolve();
    await s.close();
    expect([opened[0].watching, opened[0].closed]).toEqual([0, true]);
    expect((await s.dispatch('getTarget', {})).ok).toBe(false);
  });

  it('starts on a remote profile when told to (warren connect), and says why when it cannot', async () => {
    const ok1 = setup();
    const saved = ok1.profiles.save('ann', input());
    ok1.vault.set('s1', saved.id, 'pw');
    const s = new WindowSession({ ...(ok1.session() as unknown as { deps: ConstructorParameters<typeof WindowSession>[0] }).deps, local: null, initial: saved.id });
    const t = await s.dispatch('getTarget', {});
    expect(t.ok && (t.value as TargetInfo).name).toBe('staging');
    const bad = setup({ connectFails: 'cannot reach the management API at rabbit:15672: connection refused' });
    const p2 = bad.profiles.save('ann', input());
    bad.vault.set('s1', p2.id, 'pw');
    const s2 = new WindowSession({ ...(bad.session() as unknown as { deps: ConstructorParameters<typeof WindowSession>[0] }).deps, local: null, initial: p2.id });
    expect(await s2.dispatch('getSnapshot', { vhost: '/' })).toEqual(fail('DISCONNECTED', 'cannot reach the management API at rabbit:15672: connection refused'));
  });
});
