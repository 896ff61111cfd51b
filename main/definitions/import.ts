// Importing RabbitMQ's definitions JSON as rabbit_definitions does: in its order (users, vhosts,
// permissions, parameters, policies, queues, exchanges, bindings), creating what is missing and
// updating users and permissions; a queue or exchange that exists already is left as it is (3.10
// does not compare them), a binding whose ends are missing is skipped. Each failure is a
// DefinitionsError with RabbitMQ's reason; what came before it stays imported, as in RabbitMQ.
import { InvalidPolicyError } from '../broker/policies/policy';
import type { Broker } from '../broker/broker';
import { isHashingAlgorithm, DEFAULT_HASHING_ALGORITHM, isBase64 } from '../broker/access/password-hash';
import { InvalidPermissionError } from '../broker/access/permissions';
import { checkLimits, InvalidLimitError } from '../broker/parameters/limits';
import { setParameter, VHOST_LIMITS } from '../broker/parameters/runtime-parameters';
import { BrokerError } from '../broker/errors';
import { jsonToTable } from '../broker/field-json';
import type { VHost } from '../broker/vhost';
import { ClockScaleError, isClockScale } from '../broker/vhost-clock';
import {
  amqpErrorReason, DefinitionsError, flag, items, table, tagList, text,
  type BindingDef, type DefinitionsJson, type ExchangeDef, type OpaqueDef, type PermissionDef, type QueueDef, type TopicPermissionDef, type UserDef, type VhostDef,
} from './format';

/** Everything in the file: users, vhosts and permissions too; every item names its vhost. */
export function importDefinitions(broker: Broker, defs: DefinitionsJson): void {
  for (const u of items<UserDef>(defs, 'users')) importUser(broker, u);
  for (const v of items<VhostDef>(defs, 'vhosts')) importVhost(broker, v);
  for (const p of items<PermissionDef>(defs, 'permissions')) {
    const user = known(broker, text(p, 'user'));
    const permission = { user, vhost: vhostOf(broker, p).name, configure: text(p, 'configure'), write: text(p, 'write'), read: text(p, 'read') };
    regexps(() => broker.permissions.set(permission));
  }
  for (const p of items<TopicPermissionDef>(defs, 'topic_permissions')) {
    const user = known(broker, text(p, 'user'));
    const permission = { user, vhost: vhostOf(broker, p).name, exchange: text(p, 'exchange'), write: text(p, 'write'), read: text(p, 'read') };
    regexps(() => broker.permissions.setTopic(permission));
  }
  keep(broker.unapplied.globalParameters, items<OpaqueDef>(defs, 'global_parameters'), ['name']);
  importObjects(broker, defs, null);
  broker.accessChanged();
}

/** One vhost's part (POST /api/definitions/{vhost}): the items' own vhost keys are ignored. */
export function importVhostDefinitions(broker: Broker, vhost: string, defs: DefinitionsJson): void {
  const v = broker.vhost(vhost);
  if (!v) throw new DefinitionsError('vhost_not_found', 404);
  importObjects(broker, defs, v);
  broker.accessChanged(); // saves the kept policies
}

function importObjects(broker: Broker, defs: DefinitionsJson, only: VHost | null): void {
  const where = (item: { vhost?: string }): VHost => only ?? vhostOf(broker, item);
  const stamped = (list: OpaqueDef[]): OpaqueDef[] => (only ? list.map((p) => ({ vhost: only.name, ...p })) : list);
  const [limits, others] = partition(stamped(items<OpaqueDef>(defs, 'parameters')), (p) => p.component === VHOST_LIMITS);
  for (const p of limits) {
    const v = where(p as { vhost?: string });
    limitsIn(() => setParameter(broker, { vhost: v.name, component: VHOST_LIMITS, name: String(p.name), value: p.value }));
  }
  // Other components (federation, shovel) are kept as given, so that the file exports again.
  keep(broker.unapplied.parameters, others, ['vhost', 'component', 'name']);
  for (const p of items<OpaqueDef>(defs, 'policies')) {
    const v = where(p as { vhost?: string });
    const input = { pattern: p.pattern, definition: p.definition, applyTo: p['apply-to'], priority: p.priority };
    try { broker.setPolicy('policy', v.name, String(p.name), input); } catch (err) {
      if (err instanceof InvalidPolicyError) throw new DefinitionsError(`Validation failed ${err.message}`);
      throw err;
    }
  }
  for (const q of items<QueueDef>(defs, 'queues')) {
    const v = where(q);
    const name = text(q, 'name');
    if (v.queues.has(name)) continue;
    const declaration = { name, passive: false, durable: flag(q, 'durable', true), exclusive: false, autoDelete: flag(q, 'auto_delete', false), args: jsonToTable(table(q, 'arguments')) };
    core(() => v.declareQueue(declaration, null));
  }
  for (const x of items<ExchangeDef>(defs, 'exchanges')) {
    const v = where(x);
    const name = text(x, 'name');
    // amq.* names are the broker's own: RabbitMQ skips them too
    if (name === '' || name.startsWith('amq.') || v.exchanges.has(name)) continue;
    const declaration = {
      name, type: text(x, 'type'), passive: false, durable: flag(x, 'durable', true), autoDelete: flag(x, 'auto_delete', false),
      internal: flag(x, 'internal', false), args: jsonToTable(table(x, 'arguments')),
    };
    core(() => v.declareExchange(declaration));
  }
  for (const b of items<BindingDef>(defs, 'bindings')) {
    const v = where(b);
    const source = text(b, 'source');
    const destination = text(b, 'destination');
    const kind = text(b, 'destination_type');
    const key = text(b, 'routing_key', '');
    const args = jsonToTable(table(b, 'arguments'));
    if (!v.exchanges.has(source)) continue;
    if (kind === 'queue' && v.queues.has(destination)) core(() => v.bindQueue(destination, source, key, args, null));
    else if (kind === 'exchange' && v.exchanges.has(destination)) core(() => v.bindExchange(destination, source, key, args));
  }
}

function importUser(broker: Broker, u: UserDef): void {
  const name = text(u, 'name');
  const tags = tagList(u.tags);
  if (typeof u.password === 'string' && u.password_hash === undefined) {
    broker.users.put(name, { password: u.password, tags });
  } else {
    const hash = text(u, 'password_hash', '');
    if (!isBase64(hash)) throw new DefinitionsError(['not_base64', hash]);
    const algorithm = text(u, 'hashing_algorithm', DEFAULT_HASHING_ALGORITHM);
    if (!isHashingAlgorithm(algorithm)) throw new DefinitionsError(['unknown_hashing_algorithm', algorithm]);
    broker.users.put(name, { passwordHash: hash, hashingAlgorithm: algorithm, tags });
  }
  if (u.limits !== undefined) limitsIn(() => broker.users.setLimits(name, checkLimits('user', u.limits)));
}

/** A limit RabbitMQ's validation refuses, as its import says it. */
function limitsIn(op: () => void): void {
  try { op(); } catch (err) {
    if (err instanceof InvalidLimitError) throw new DefinitionsError(`Validation failed\n\n${err.message}\n`);
    throw err;
  }
}

function partition<T>(list: T[], test: (t: T) => boolean): [T[], T[]] {
  return [list.filter(test), list.filter((t) => !test(t))];
}

function importVhost(broker: Broker, d: VhostDef): void {
  const name = text(d, 'name');
  const clock = d.warren_clock_scale ?? d.metadata?.warren_clock_scale;
  if (clock !== undefined && !isClockScale(clock)) throw new DefinitionsError(`Validation failed\n\nvhost '${name}': warren_clock_scale: ${new ClockScaleError(clock).message}\n`);
  broker.addVhost(name);
  if (clock !== undefined) broker.setVhostClock(name, clock);
  const description = d.description ?? d.metadata?.description;
  const tags = d.tags ?? d.metadata?.tags;
  if (description === undefined && tags === undefined) return;
  const v = broker.vhost(name)!;
  broker.setVhostMetadata(name, { description: typeof description === 'string' ? description : v.metadata?.description ?? '', tags: tags === undefined ? v.metadata?.tags ?? [] : tagList(tags) });
}

function known(broker: Broker, user: string): string {
  if (!broker.users.has(user)) throw new DefinitionsError(['no_such_user', user]);
  return user;
}

function vhostOf(broker: Broker, item: { vhost?: string }): VHost {
  const name = text(item, 'vhost');
  const v = broker.vhost(name);
  if (!v) throw new DefinitionsError(['no_such_vhost', name]);
  return v;
}

/** Add `incoming` to `list`, replacing items of the same identity (policy vhost+name, ...). */
function keep(list: OpaqueDef[], incoming: OpaqueDef[], identity: readonly string[]): void {
  for (const item of incoming) {
    const same = list.findIndex((o) => identity.every((k) => o[k] === item[k]));
    if (same >= 0) list[same] = item;
    else list.push(item);
  }
}

/** A permission whose pattern does not compile: the management API's invalid_regexp. */
function regexps(op: () => void): void {
  try { op(); } catch (err) {
    if (err instanceof InvalidPermissionError) throw new DefinitionsError(['invalid_regexp', err.message]);
    throw err;
  }
}

/** A core refusal (an unknown exchange type, an invalid argument) as RabbitMQ's amqp_error. */
function core(op: () => void): void {
  try { op(); } catch (err) {
    if (err instanceof BrokerError) throw new DefinitionsError(amqpErrorReason(err.replyName, err.detail));
    throw err;
  }
}
