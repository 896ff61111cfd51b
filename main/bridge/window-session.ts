// One window's session: which broker it is on (the embedded one or a profile's remote RabbitMQ),
// its profiles, and the rules that hold whichever it is on. The profile commands are answered
// here; every other command goes to the current target, after a read-only profile has refused
// what would change its broker. Switching targets closes the remote one left (its polling, its
// AMQP connections, the firehose it turned on); so does closing the window.
import {
  CHANGING_COMMANDS, fail, isCommandName, ok, PROFILE_COMMANDS, type CommandName, type Req, type Res, type Result,
} from '../../shared/ipc/contract';
import { LOCAL_PROFILE_ID, type ProfileInfo, type TargetInfo } from '../../shared/model/remote';
import { Reply } from '../broker/errors';
import { ProfileError, type PasswordVault, type ProfileStore, type StoredProfile } from '../remote/profile-store';
import { RemoteError } from '../remote/management-client';
import type { Principal } from './command-access';
import { describeIssues, requestSchemas } from './schemas';
import type { EventSink } from './sampler';
import type { WindowTarget } from './window-target';

/** A stored profile with its password, ready to connect. */
export interface RemoteProfile extends StoredProfile { password: string }

export interface WindowSessionDeps {
  /** the embedded broker, when Warren runs one (not under `warren connect`) */
  local: WindowTarget | null;
  profiles: ProfileStore;
  vault: PasswordVault;
  /** whose profiles: the UI user ('' for the desktop window) */
  owner: string;
  /** whose passwords: the login session (or the desktop window) */
  scope: string;
  /** who runs the commands on the embedded broker (null: the trusted desktop window) */
  principal: Principal | null;
  connect(profile: RemoteProfile): Promise<WindowTarget>;
  /** a profile's definitions (RabbitMQ's JSON), whole or of one vhost */
  definitionsOf(profile: RemoteProfile, vhost?: string): Promise<Record<string, unknown>>;
  /** two definitions compared */
  diff(left: Record<string, unknown>, right: Record<string, unknown>, names: { left: string; right: string }, vhost?: string): Res<'diffDefinitions'>;
  /** the profile to start on (default: the embedded broker, else the first profile) */
  initial?: string;
  onError?(err: unknown): void;
}

type ProfileCommand = 'listProfiles' | 'saveProfile' | 'deleteProfile' | 'useProfile' | 'getTarget' | 'diffDefinitions' | 'importFromProfile';

export class WindowSession {
  private target: WindowTarget | null;
  private watching: { vhost: string; sink: EventSink; stop: () => void } | null = null;
  private closed = false;
  /** settled once the initial target is reached (at once for the embedded broker) */
  private readonly ready: Promise<void>;
  /** why the initial remote target could not be reached */
  private openError: string | null = null;

  constructor(private readonly deps: WindowSessionDeps) {
    this.target = deps.local;
    const id = deps.initial;
    // `warren connect` starts on a remote profile: reach it before the first command is answered
    this.ready = id && id !== LOCAL_PROFILE_ID
      ? this.useProfile({ id }).then((r) => { if (!r.ok) this.openError = r.error.message; }, (e: unknown) => { this.openError = String((e as Error)?.message ?? e); })
      : Promise.resolve();
  }

  get current(): TargetInfo | null { return this.target?.info ?? null; }

  async dispatch(name: unknown, req: unknown): Promise<Result<unknown>> {
    await this.ready;
    if (this.closed) return fail('DISCONNECTED', 'the window session has ended');
    if (isCommandName(name) && PROFILE_COMMANDS.has(name)) return this.profileCommand(name as ProfileCommand, req);
    const t = this.target;
    if (!t) return fail('DISCONNECTED', this.openError ?? 'the window is on no broker: pick a profile');
    if (t.info.readOnly && isCommandName(name) && CHANGING_COMMANDS.has(name)) {
      return fail('ACCESS_REFUSED', `profile '${t.info.name}' is read-only: ${name} would change its broker`, Reply.ACCESS_REFUSED);
    }
    return t.dispatch(name, req, t.info.kind === 'local' ? this.deps.principal : null);
  }

  watch(vhost: string, sink: EventSink): () => void {
    this.unwatch();
    const w = { vhost, sink, stop: () => {} };
    this.watching = w;
    // before the initial target is reached, the watch starts when it is
    void this.ready.then(() => {
      if (this.watching === w && this.target && !this.closed) w.stop = this.target.watch(vhost, sink);
    });
    return () => { if (this.watching === w) this.unwatch(); };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    await this.leave(this.target);
    this.target = null;
  }

  private unwatch(): void {
    this.watching?.stop();
    this.watching = null;
  }

  /** close a target the window leaves, unless it is the embedded broker (it runs on) */
  private async leave(t: WindowTarget | null): Promise<void> {
    if (t && t !== this.deps.local) await t.close().catch((e: unknown) => this.deps.onError?.(e));
  }

  private async profileCommand(name: ProfileCommand, req: unknown): Promise<Result<unknown>> {
    const parsed = requestSchemas[name].safeParse(req);
    if (!parsed.success) return fail('BAD_REQUEST', `${name}: ${describeIssues(parsed.error)}`);
    try {
      return await this.run(name, parsed.data as never);
    } catch (err) {
      if (err instanceof RemoteError) return fail(err.kind === 'auth' || err.kind === 'forbidden' ? 'ACCESS_REFUSED' : err.kind === 'not-found' ? 'NOT_FOUND' : 'DISCONNECTED', err.message);
      if (err instanceof ProfileError) return fail('BAD_REQUEST', err.message);
      this.deps.onError?.(err);
      return fail('INTERNAL_ERROR', `${name} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async run<K extends ProfileCommand>(name: K, req: Req<K>): Promise<Result<unknown>> {
    const { profiles, owner, vault, scope } = this.deps;
    switch (name) {
      case 'listProfiles': return ok(this.listProfiles());
      case 'getTarget': return this.target ? ok(this.target.info) : fail('DISCONNECTED', this.openError ?? 'the window is on no broker: pick a profile');
      case 'saveProfile': {
        const r = req as Req<'saveProfile'>;
        const p = profiles.save(owner, r);
        if (r.password !== undefined && r.password !== '') vault.set(scope, p.id, r.password);
        return ok(this.info(p));
      }
      case 'deleteProfile': {
        const { id } = req as Req<'deleteProfile'>;
        if (this.target?.info.profileId === id) return fail('PRECONDITION_FAILED', 'the window is on this profile: switch to another one first', Reply.PRECONDITION_FAILED);
        if (!profiles.delete(owner, id)) return fail('NOT_FOUND', `no profile '${id}'`, Reply.NOT_FOUND);
        vault.delete(scope, id);
        return ok(null);
      }
      case 'useProfile': return this.useProfile(req as Req<'useProfile'>);
      case 'diffDefinitions': {
        const r = req as Req<'diffDefinitions'>;
        const [left, right] = await Promise.all([this.definitions(r.left, r.vhost), this.definitions(r.right, r.vhost)]);
        return ok(this.deps.diff(left.defs, right.defs, { left: left.name, right: right.name }, r.vhost));
      }
      case 'importFromProfile': {
        const r = req as Req<'importFromProfile'>;
        const local = this.deps.local;
        if (!local) return fail('NOT_FOUND', 'Warren runs no broker of its own here (warren connect): nowhere to import into', Reply.NOT_FOUND);
        if (r.id === LOCAL_PROFILE_ID) return fail('BAD_REQUEST', 'that is this computer already');
        const { defs } = await this.definitions(r.id, r.vhost);
        return local.dispatch('importDefinitions', { text: JSON.stringify(defs), ...(r.vhost ? { vhost: r.vhost } : {}) }, this.deps.principal);
      }
    }
    return fail('UNKNOWN_COMMAND', `unknown command '${String(name as CommandName)}'`);
  }

  private async useProfile({ id, password }: Req<'useProfile'>): Promise<Result<TargetInfo>> {
    if (id === LOCAL_PROFILE_ID) {
      if (!this.deps.local) return fail('NOT_FOUND', 'Warren runs no broker of its own here (warren connect)', Reply.NOT_FOUND);
      return ok(this.switchTo(this.deps.local));
    }
    const p = this.remoteProfile(id, password);
    if (!p.ok) return p;
    const target = await this.deps.connect(p.value);
    if (this.closed) { await target.close(); return fail('DISCONNECTED', 'the window session has ended'); }
    if (password !== undefined) this.deps.vault.set(this.deps.scope, id, password);
    return ok(this.switchTo(target));
  }

  private switchTo(t: WindowTarget): TargetInfo {
    const old = this.target;
    this.unwatch();
    this.target = t;
    if (old !== t) void this.leave(old);
    return t.info;
  }

  private remoteProfile(id: string, password?: string): Result<RemoteProfile> {
    const p = this.deps.profiles.get(this.deps.owner, id);
    if (!p) return fail('NOT_FOUND', `no profile '${id}'`, Reply.NOT_FOUND);
    const pw = password ?? this.deps.vault.get(this.deps.scope, id);
    if (pw === undefined) return fail('ACCESS_REFUSED', `profile '${p.name}' keeps no password: give it to connect`, Reply.ACCESS_REFUSED);
    return ok({ ...p, password: pw });
  }

  private async definitions(id: string, vhost?: string): Promise<{ name: string; defs: Record<string, unknown> }> {
    if (id === LOCAL_PROFILE_ID) {
      if (!this.deps.local) throw new ProfileError('Warren runs no broker of its own here (warren connect)');
      const r = await this.deps.local.dispatch('exportDefinitions', vhost ? { vhost } : {}, this.deps.principal);
      if (!r.ok) throw new ProfileError(r.error.message);
      return { name: this.deps.local.info.name, defs: r.value as Record<string, unknown> };
    }
    const p = this.remoteProfile(id);
    if (!p.ok) throw new ProfileError(p.error.message);
    return { name: p.value.name, defs: await this.deps.definitionsOf(p.value, vhost) };
  }

  private listProfiles(): ProfileInfo[] {
    const local = this.deps.local;
    const mine: ProfileInfo[] = this.deps.profiles.list(this.deps.owner).map((p) => this.info(p));
    return local ? [{
      id: LOCAL_PROFILE_ID, name: local.info.name, kind: 'local', managementUrl: null, user: null, hasPassword: false, amqpUrl: null,
      defaultVhost: local.info.defaultVhost, readOnly: false, caPem: null,
    }, ...mine] : mine;
  }

  private info(p: StoredProfile): ProfileInfo {
    return { ...p, kind: 'remote', hasPassword: this.deps.vault.get(this.deps.scope, p.id) !== undefined };
  }
}
