// The broker core's facade: virtual hosts, connected clients and the event bus. Protocol layers,
// the UI bridge and the CLI all go through it; it knows nothing of sockets, codecs or Electron.
import type { ConnectionInfo, JsonTable } from '../../shared/model/topology';
import type { Client } from './client';
import { Permissions } from './access/permissions';
import { Users } from './access/users';
import { LoginGuard } from './access/login-guard';
import { Alarms } from './alarms';
import { ConnectionError, Reply } from './errors';
import { FULL_ACCESS, SessionAccess } from './access/session-access';
import { InternalLogin } from './access/internal-login';
import { EventBus } from './events';
import { EventExchange } from './event-exchange/event-exchange';
import { VHost } from './vhost';
import type { Policy, PolicyKind } from './policies/policy';
import { checkPolicy, type PolicyInput } from './policies/policy-input';
import { unhonouredKeys } from './policies/policy-keys';
import { nodeConnectionLimit, reached, userChannelLimit, userConnectionLimit, vhostConnectionLimit } from './parameters/limits';

export class Broker {
  readonly events = new EventBus();
  /** amq.rabbitmq.event in "/" (rabbitmq_event_exchange, built in) */
  readonly eventExchange = new EventExchange(this);
  readonly alarms = new Alarms();
  readonly vhosts = new Map<string, VHost>();
  readonly clients = new Map<string, Client>();
  readonly users = new Users();
  /** every protocol's logins: the verdict, a warning for each refusal, the throttle's wait */
  readonly logins = new LoginGuard(this.users, (line) => this.onWarning?.(line));
  readonly permissions = new Permissions();
  /** the broker's own AMQP clients (shovels on "amqp://") */
  readonly internalLogin = new InternalLogin();
  /** policies and (global) parameters from imported definitions: kept so that they export again,
   *  not applied (the core has no policies yet); items as RabbitMQ's definitions JSON has them */
  readonly unapplied = { parameters: [] as Array<Record<string, unknown>>, globalParameters: [] as Array<Record<string, unknown>> };
  /** outer layers prepare each new vhost (message storage, tail packing, saving definitions) */
  onVhostAdded: ((v: VHost) => void) | null = null;
  /** protocols that keep state of their own per vhost drop it here (MQTT's retained messages) */
  readonly vhostDeletedHooks = new Set<(name: string) => void>();
  /** told when vhosts, users, permissions or policies change, to save them */
  onAccessChanged: (() => void) | null = null;
  /** told of what the broker accepts but cannot honour (policy keys such as ha-mode) */
  onWarning: ((text: string) => void) | null = null;
  private nextClientId = 1;

  /** open sessions allowed across every protocol and vhost (`--max-connections`; none by default) */
  maxConnections: number | undefined = undefined;

  constructor() {
    this.vhosts.set('/', new VHost('/', this.events));
    this.eventExchange.install();
    this.alarms.onChange = (resource, on) => { if (this.events.active) this.events.emit({ type: on ? 'alarm.set' : 'alarm.cleared', resource }); };
    // user.authentication.success and .failure, for the protocol logins that say how they came
    this.logins.onOutcome = (a, ok) => {
      const how = a.context;
      if (!how || !this.events.active) return;
      const base = { name: a.user, mechanism: how.mechanism, protocol: how.protocol, peer: how.peer, local: how.local };
      this.events.emit(ok ? { type: 'user.authentication.success', ...base } : { type: 'user.authentication.failure', ...base, error: `user '${a.user}' - invalid credentials` });
    };
    // RabbitMQ's defaults: guest/guest, an administrator with full permissions on '/'.
    this.users.put('guest', { password: 'guest', tags: ['administrator'] });
    this.permissions.set({ user: 'guest', vhost: '/', configure: '.*', write: '.*', read: '.*' });
  }

  vhost(name: string): VHost | undefined {
    return this.vhosts.get(name);
  }

  /** Create a vhost; false if it exists already. */
  addVhost(name: string): boolean {
    if (this.vhosts.has(name)) return false;
    const v = new VHost(name, this.events);
    this.vhosts.set(name, v);
    if (name === this.eventExchange.vhostName) this.eventExchange.install();
    this.onVhostAdded?.(v);
    this.accessChanged();
    if (this.events.active) this.events.emit({ type: 'vhost.created', name });
    return true;
  }

  /** Run a vhost's sandbox clock at `scale` (1, 10 or 60: ClockScaleError otherwise; see
   *  vhost-clock.ts); saved with the definitions. False if there is no such vhost. */
  setVhostClock(name: string, scale: number): boolean {
    const v = this.vhosts.get(name);
    if (!v) return false;
    const before = v.clockScale;
    v.setClockScale(scale);
    if (v.clockScale !== before) this.accessChanged();
    return true;
  }

  /** A vhost's description and tags (the management API's, or definitions'); saved with the
   *  definitions. False if there is no such vhost. */
  setVhostMetadata(name: string, metadata: { description: string; tags: string[] }): boolean {
    const v = this.vhosts.get(name);
    if (!v) return false;
    const old = v.metadata;
    v.metadata = { description: metadata.description, tags: [...metadata.tags] };
    if (!old || old.description !== metadata.description || old.tags.join(',') !== metadata.tags.join(',')) this.accessChanged();
    return true;
  }

  /** Delete a vhost as RabbitMQ does: its connections are closed (320 CONNECTION_FORCED, "vhost 'x' is deleted"), its
   *  queues and exchanges deleted, its permissions forgotten. False if there is no such vhost. */
  deleteVhost(name: string): boolean {
    const v = this.vhosts.get(name);
    if (!v) return false;
    for (const c of [...this.clients.values()]) if (c.info.vhost === name) c.close({ kind: 'vhost-deleted', text: `vhost '${name}' is deleted` });
    this.vhosts.delete(name);
    for (const q of [...v.queues.keys()]) v.deleteQueue(q, false, false, null);
    for (const x of [...v.exchanges.keys()]) if (x !== '' && !x.startsWith('amq.')) v.deleteExchange(x, false);
    if (this.events.active) {
      // as RabbitMQ: each permission on the vhost is reported deleted with it
      for (const p of this.permissions.list()) if (p.vhost === name) this.events.emit({ type: 'permission.deleted', user: p.user, vhost: name });
    }
    this.permissions.forgetVhost(name);
    for (const list of [this.unapplied.parameters]) {
      const kept = list.filter((p) => p.vhost !== name);
      list.splice(0, list.length, ...kept);
    }
    for (const forget of this.vhostDeletedHooks) forget(name);
    this.accessChanged();
    if (this.events.active) this.events.emit({ type: 'vhost.deleted', name });
    return true;
  }

  /** Add or replace a policy (RabbitMQ's checks: InvalidPolicyError); it applies at once. True
   *  if it is new. The vhost must exist. */
  setPolicy(kind: PolicyKind, vhost: string, name: string, input: PolicyInput): boolean {
    const policy = checkPolicy(kind, vhost, name, input);
    const ignored = unhonouredKeys(policy.definition);
    if (ignored.length > 0) this.onWarning?.(`policy '${name}' in vhost '${vhost}': Warren does not act on ${ignored.join(', ')} (accepted as RabbitMQ does)`);
    const created = this.vhosts.get(vhost)!.policies.put(kind, policy);
    this.accessChanged();
    if (this.events.active) {
      const { pattern, applyTo, priority, definition } = policy;
      this.events.emit({ type: 'policy.set', vhost, name, pattern, applyTo, priority, definition: definition as JsonTable, operator: kind === 'operator' });
    }
    return created;
  }

  deletePolicy(kind: PolicyKind, vhost: string, name: string): boolean {
    const deleted = this.vhosts.get(vhost)?.policies.delete(kind, name) ?? false;
    if (deleted) this.accessChanged();
    if (deleted && this.events.active) this.events.emit({ type: 'policy.cleared', vhost, name, operator: kind === 'operator' });
    return deleted;
  }

  /** Every vhost's policies (or operator policies), vhost by vhost. */
  policies(kind: PolicyKind): Policy[] {
    return [...this.vhosts.values()].flatMap((v) => v.policies.list(kind));
  }

  /** Users or permissions changed (the management API calls this after each change). */
  accessChanged(): void {
    this.onAccessChanged?.();
  }

  /** Opening a session on a vhost (AMQP's connection.open): the vhost and the session's permission
   *  checks, or RabbitMQ's 530 NOT_ALLOWED for a missing vhost or one the user has no permissions on. */
  openSession(user: string, vhostName: string, clientId?: string, internal = false): { vhost: VHost; access: SessionAccess } {
    const vhost = this.vhosts.get(vhostName);
    if (!vhost) throw new ConnectionError(Reply.NOT_ALLOWED, `vhost ${vhostName} not found`);
    if (internal) return { vhost, access: new SessionAccess(FULL_ACCESS, user, vhostName) };
    if (!this.permissions.canAccessVhost(user, vhostName)) {
      throw new ConnectionError(Reply.NOT_ALLOWED, `access to vhost '${vhostName}' refused for user '${user}'`);
    }
    this.checkConnectionLimits(user, vhost);
    return { vhost, access: new SessionAccess(this.permissions, user, vhostName, clientId) };
  }

  /** The vhost's and the user's max-connections (530 NOT_ALLOWED with RabbitMQ's texts). Clients
   *  are counted only when a limit is set. */
  private checkConnectionLimits(user: string, vhost: VHost): void {
    if (reached(this.maxConnections, this.clients.size)) throw nodeConnectionLimit(this.maxConnections);
    const perVhost = vhost.limits['max-connections'];
    if (reached(perVhost, this.countClients((c) => c.info.vhost === vhost.name))) throw vhostConnectionLimit(vhost.name, user, perVhost);
    const perUser = this.users.limits(user)['max-connections'];
    if (reached(perUser, this.countClients((c) => c.info.user === user))) throw userConnectionLimit(user, perUser);
  }

  /** A session opening one more channel (AMQP's channel.open): the user's max-channels. */
  openChannel(user: string): void {
    const limit = this.users.limits(user)['max-channels'];
    if (limit === undefined) return;
    let open = 0;
    for (const c of this.clients.values()) if (c.info.user === user) open += c.channelCount?.() ?? 0;
    if (reached(limit, open)) throw userChannelLimit(user, limit);
  }

  private countClients(match: (c: Client) => boolean): number {
    let n = 0;
    for (const c of this.clients.values()) if (match(c)) n++;
    return n;
  }

  newClientId(protocol: string): string {
    return `${protocol}-${this.nextClientId++}`;
  }

  clientOpened(client: Client): void {
    this.clients.set(client.info.id, client);
    if (this.events.active) this.events.emit({ type: 'connection.opened', connection: client.info });
  }

  clientClosed(client: Client, reason: string): void {
    if (!this.clients.delete(client.info.id)) return;
    for (const v of this.vhosts.values()) v.clientClosed(client);
    if (this.events.active) this.events.emit({ type: 'connection.closed', connectionId: client.info.id, reason, connection: client.info });
  }

  connections(): ConnectionInfo[] {
    return [...this.clients.values()].map((c) => c.info);
  }
}
