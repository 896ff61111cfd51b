// Permissions as RabbitMQ has them: per user and vhost, three regular expressions (configure,
// write, read) matched against resource names, unanchored; an empty expression grants nothing.
// Topic permissions narrow publishing to and binding from topic exchanges by routing key.
// Which AMQP or MQTT operation needs which permission is the protocol layer's table; this module
// only answers "may this user do that to this name".

export type Access = 'configure' | 'write' | 'read';
export type ResourceKind = 'queue' | 'exchange';

export interface VhostPermission {
  readonly user: string;
  readonly vhost: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

export interface TopicPermission {
  readonly user: string;
  readonly vhost: string;
  readonly exchange: string;
  readonly write: string;
  readonly read: string;
}

/** The values a topic permission's expression may name: {username}, {vhost}, {client_id}. */
export interface TopicVariables {
  username: string;
  vhost: string;
  client_id?: string;
}

export class InvalidPermissionError extends Error {}

interface Compiled<T> { readonly def: T; readonly re: Record<string, RegExp | null> }

const key = (user: string, vhost: string): string => `${user}\u0000${vhost}`;

export class Permissions {
  /** bumped on every change, so that sessions caching a verdict know when to ask again */
  private gen = 0;
  private readonly vhostPerms = new Map<string, Compiled<VhostPermission>>();
  /** user+vhost -> exchange -> permission */
  private readonly topicPerms = new Map<string, Map<string, TopicPermission>>();

  get generation(): number { return this.gen; }

  set(p: VhostPermission): void {
    this.gen++;
    this.vhostPerms.set(key(p.user, p.vhost), { def: p, re: { configure: compile(p.configure), write: compile(p.write), read: compile(p.read) } });
  }

  get(user: string, vhost: string): VhostPermission | undefined { return this.vhostPerms.get(key(user, vhost))?.def; }
  clear(user: string, vhost: string): boolean { this.gen++; return this.vhostPerms.delete(key(user, vhost)); }
  list(): VhostPermission[] { return [...this.vhostPerms.values()].map((c) => c.def); }

  /** May `user` open a connection to `vhost`? Only with permissions there (else 530 NOT_ALLOWED). */
  canAccessVhost(user: string, vhost: string): boolean { return this.vhostPerms.has(key(user, vhost)); }

  allows(user: string, vhost: string, access: Access, name: string): boolean {
    const re = this.vhostPerms.get(key(user, vhost))?.re[access];
    return re != null && re.test(name);
  }

  setTopic(p: TopicPermission): void {
    compile(p.write);
    compile(p.read);
    this.gen++;
    const k = key(p.user, p.vhost);
    let m = this.topicPerms.get(k);
    if (!m) this.topicPerms.set(k, (m = new Map()));
    m.set(p.exchange, p);
  }

  clearTopic(user: string, vhost: string, exchange?: string): void {
    this.gen++;
    const k = key(user, vhost);
    if (exchange === undefined) this.topicPerms.delete(k);
    else this.topicPerms.get(k)?.delete(exchange);
  }

  listTopic(): TopicPermission[] { return [...this.topicPerms.values()].flatMap((m) => [...m.values()]); }

  /** Has the user any topic permission in the vhost? (Publishing checks routing keys only then.) */
  hasTopic(user: string, vhost: string): boolean { return (this.topicPerms.get(key(user, vhost))?.size ?? 0) > 0; }

  /** With no topic permission for the exchange, any routing key is allowed (RabbitMQ's rule). */
  allowsTopic(user: string, vhost: string, exchange: string, access: 'write' | 'read', routingKey: string, vars: TopicVariables): boolean {
    const p = this.topicPerms.get(key(user, vhost))?.get(exchange);
    if (!p) return true;
    const re = compile(expand(p[access], vars));
    return re != null && re.test(routingKey);
  }

  /** A user or vhost is gone: its permissions go with it. */
  forgetUser(user: string): void { this.forget((u) => u === user); }
  forgetVhost(vhost: string): void { this.forget((_u, v) => v === vhost); }

  private forget(match: (user: string, vhost: string) => boolean): void {
    this.gen++;
    for (const [k, c] of this.vhostPerms) if (match(c.def.user, c.def.vhost)) this.vhostPerms.delete(k);
    for (const [k, m] of this.topicPerms) {
      const first = m.values().next().value;
      if (first && match(first.user, first.vhost)) this.topicPerms.delete(k);
    }
  }
}

/** Resource names as permissions see them: the default exchange is "amq.default" (RabbitMQ). */
export function permissionName(kind: ResourceKind, name: string): string {
  return kind === 'exchange' && name === '' ? 'amq.default' : name;
}

/** RabbitMQ's refusal text, used with 403 ACCESS_REFUSED. */
export function refusedText(kind: ResourceKind, name: string, vhost: string, user: string): string {
  return `access to ${kind} '${permissionName(kind, name)}' in vhost '${vhost}' refused for user '${user}'`;
}

export function topicRefusedText(routingKey: string, exchange: string, vhost: string, user: string): string {
  return `access to topic '${routingKey}' in exchange '${exchange}' in vhost '${vhost}' refused for user '${user}'`;
}

function compile(source: string): RegExp | null {
  if (source === '') return null;
  try {
    return new RegExp(source);
  } catch (e) {
    throw new InvalidPermissionError(`invalid regular expression '${source}': ${(e as Error).message}`);
  }
}

// The values are escaped, so a user named "a.b" gets exactly "a.b" (RabbitMQ substitutes them
// raw, which only ever widens a match).
function expand(source: string, vars: TopicVariables): string {
  return source.replace(/\{(username|vhost|client_id)\}/g, (_m, name: keyof TopicVariables) => escapeRegExp(vars[name] ?? ''));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
