// Who may run which UI command, for the browser UI's logged-in users (the Electron window is the
// machine's owner and is trusted). The rules are RabbitMQ's management UI's: a user sees the vhosts
// it has permissions on (monitoring and administrator see all), and changes resources as its
// configure/write/read permissions allow on them, as the same operation over AMQP would need.
import type { Broker } from '../broker/broker';
import type { Access, ResourceKind } from '../broker/access/permissions';
import { permissionName, refusedText, topicRefusedText } from '../broker/access/permissions';
import { toRoutingKey } from '../../shared/model/mqtt-topics';
import { hasTag, type User } from '../broker/access/users';
import { satisfies } from '../broker/access/management-tags';
import type { CommandName, Commands } from '../../shared/ipc/contract';
import type { AdminRights } from '../../shared/model/admin';
import type { SimulatedSpec } from '../../shared/model/simulate';

/** A user logged in to the browser UI. */
export interface Principal { readonly user: string }

/** a resource permission, or a topic permission: write or read of a routing key on a topic exchange */
type Need = [Access, ResourceKind, string] | ['topic', 'write' | 'read', string, string];
/** What the rules may ask of the broker's setup: the vhost's MQTT exchange (mqtt.exchange), and
 *  what a simulated client was started as (undefined: none with that id). */
export interface AccessContext {
  mqttExchange(vhost: string): string;
  simulated?(id: string): SimulatedSpec | undefined;
}
/** Resource permissions in a vhost the request does not name at its top (a simulated client's). */
type InVhost = { vhost: string; needs: Need[] };
/** What a command needs beyond seeing its vhost: resource permissions, or a tag. */
type Rule<K extends CommandName> = (req: Commands[K]['req'], ctx: AccessContext) => Need[] | InVhost | 'administrator' | 'policymaker' | 'own-connection';

const see = (): Need[] => [];
const admin = (): 'administrator' => 'administrator';
const policymaker = (): 'policymaker' => 'policymaker';
const readQueue = (r: { queue: string }): Need[] => [['read', 'queue', r.queue]];

const mqttWrite = (exchange: string, topic: string): Need[] => [['write', 'exchange', exchange], ['topic', 'write', exchange, toRoutingKey(topic)]];

/** A simulated client needs what its AMQP operations would: a producer write on its exchange
 *  (basic.publish), a consumer read on its queue (basic.consume); crashing or stopping one, and
 *  publishing with it, need the same as starting it. */
const simulatedNeeds = (s: SimulatedSpec): InVhost => ({
  vhost: s.spec.vhost,
  needs: s.kind === 'producer' ? [['write', 'exchange', s.spec.exchange]] : [['read', 'queue', s.spec.queue]],
});
/** an unknown id needs nothing: the handler answers NOT_FOUND */
const simulatedById = (r: { id: string }, ctx: AccessContext): Need[] | InVhost => {
  const s = ctx.simulated?.(r.id);
  return s ? simulatedNeeds(s) : [];
};

/** without MQTT the MQTT commands fail anyway (NOT_FOUND); amq.topic is RabbitMQ's default */
const NO_MQTT: AccessContext = { mqttExchange: () => 'amq.topic' };

/** One rule per command; the compiler keeps it complete. */
const RULES: { [K in CommandName]: Rule<K> } = {
  getSnapshot: see, getLayout: see, saveLayout: see, explainRoute: see, listConnections: see, listTraces: see, getTrace: see,
  getTraceStatus: see,
  declareExchange: (r) => [['configure', 'exchange', r.name]],
  deleteExchange: (r) => [['configure', 'exchange', r.name]],
  declareQueue: (r) => [['configure', 'queue', r.name], ...(r.deadLetterExchange !== undefined ? [['read', 'queue', r.name], ['write', 'exchange', r.deadLetterExchange]] as Need[] : [])],
  deleteQueue: (r) => [['configure', 'queue', r.name]],
  purgeQueue: (r) => [['read', 'queue', r.name]],
  bind: (r) => [['write', r.destinationType, r.destination], ['read', 'exchange', r.source]],
  unbind: (r) => [['write', r.destinationType, r.destination], ['read', 'exchange', r.source]],
  browseQueue: readQueue, exportMessages: readQueue, deleteMessages: readQueue,
  moveMessages: (r) => [['read', 'queue', r.queue], r.target.kind === 'exchange' ? ['write', 'exchange', r.target.name] : ['write', 'exchange', '']],
  publish: (r) => [['write', 'exchange', r.exchange]],
  startPublishJob: (r) => [['write', 'exchange', r.exchange]],
  cancelPublishJob: see,
  closeConnection: () => 'own-connection',
  setTraceSettings: () => 'administrator',
  // MQTT: a retained message is what a new subscription reads through the MQTT exchange, so seeing
  // them needs read on it (RabbitMQ's MQTT plugin asks read of a subscriber); clearing one is an
  // empty retained PUBLISH and publishing as MQTT is a PUBLISH, so both need write on it and the
  // topic permission for the topic's routing key, as that PUBLISH from an MQTT client would.
  getMqtt: see, explainMqttRoute: see,
  listRetained: (r, ctx) => [['read', 'exchange', ctx.mqttExchange(r.vhost)]],
  getRetained: (r, ctx) => [['read', 'exchange', ctx.mqttExchange(r.vhost)]],
  deleteRetained: (r, ctx) => mqttWrite(ctx.mqttExchange(r.vhost), r.topic),
  publishMqtt: (r, ctx) => mqttWrite(ctx.mqttExchange(r.vhost), r.topic),
  // The admin panels, as RabbitMQ's management UI: lists show what the user may see (the handlers
  // filter by vhost); administrators manage vhosts, users, permissions, operator policies and
  // definitions; policymakers manage the policies of vhosts they have permissions in.
  whoAmI: see, listVhosts: see, listPolicies: see,
  // the sandbox clock changes every user's TTLs in the vhost, as vhost settings (tracing, limits)
  // do, which RabbitMQ leaves to administrators
  addVhost: admin, deleteVhost: admin, setVhostClock: admin, listUsers: admin, putUser: admin, deleteUser: admin,
  listPermissions: admin, setPermission: admin, clearPermission: admin,
  listTopicPermissions: admin, setTopicPermission: admin, clearTopicPermission: admin, exportDefinitions: admin, importDefinitions: admin,
  putPolicy: (r) => (r.kind === 'operator' ? 'administrator' : 'policymaker'),
  deletePolicy: (r) => (r.kind === 'operator' ? 'administrator' : 'policymaker'),
  // Profiles: the remote broker authorizes what is done there with the profile's own user; on
  // this broker, profiles are the logged-in user's own (kept for their session). Importing one
  // into this broker is a definitions import; moving dead letters publishes to exchanges the
  // messages name, which only an administrator may be trusted with unchecked.
  listProfiles: see, saveProfile: see, deleteProfile: see, useProfile: see, getTarget: see, listNodes: see,
  getFirehose: see, setFirehose: admin, diffDefinitions: see, importFromProfile: admin, returnDeadLetters: admin,
  listDelayed: (r) => [['read', 'exchange', r.exchange]],
  // Shovels, as RabbitMQ's: runtime parameters are a policymaker's (of a vhost with permissions);
  // their states are listed to who may see the vhost (the handlers filter)
  listShovels: see, putShovel: policymaker, deleteShovel: policymaker, restartShovel: policymaker,
  // simulated clients log in internally (every permission): the window's user is checked here
  listSimulated: see, startSimulated: simulatedNeeds,
  publishSimulated: simulatedById, crashSimulated: simulatedById, stopSimulated: simulatedById,
  // Lessons: the sandbox vhost `lessons` is every learner's to reset (its own vhost, created with
  // permissions for the learner); remembering the welcome is the window's. The demo creates a vhost
  // and imports definitions into it, which is an administrator's.
  listLessons: see, startLesson: see, checkLesson: see, getWelcome: see, dismissWelcome: see, loadDemo: admin,
};

/** What the admin panels offer this user (null: the trusted window, which may do everything). */
export function adminRights(broker: Broker, principal: Principal | null): AdminRights {
  const u = principal ? broker.users.get(principal.user) : undefined;
  const admin = principal === null || (u !== undefined && hasTag(u, 'administrator'));
  const policies = admin || (u !== undefined && satisfies(u, 'policymaker'));
  const view = policies || (u !== undefined && satisfies(u, 'monitoring'));
  return { view, vhosts: admin, users: admin, permissions: admin, policies, operatorPolicies: admin, definitions: admin };
}

/** The tags that may use a management UI at all (RabbitMQ: "Not management user" otherwise). */
export function mayUseUi(user: User): boolean {
  return satisfies(user, 'management');
}

/** May this user see this vhost's picture and events? */
export function maySeeVhost(broker: Broker, user: string, vhost: string): boolean {
  const u = broker.users.get(user);
  if (!u) return false;
  return satisfies(u, 'monitoring') || broker.permissions.canAccessVhost(user, vhost);
}

/** Why `principal` may not run `name` with `req`, or null when it may. */
export function refusal<K extends CommandName>(broker: Broker, principal: Principal, name: K, req: Commands[K]['req'], ctx: AccessContext = NO_MQTT): string | null {
  const u = broker.users.get(principal.user);
  if (!u || !mayUseUi(u)) return `user '${principal.user}' may not use the management UI`;
  const ruled = (RULES[name] as Rule<K>)(req, ctx);
  // administrators see every vhost (and may name one that does not exist yet, to create it)
  if (ruled === 'administrator') return hasTag(u, 'administrator') ? null : `only administrators may run ${name}`;
  const inVhost = typeof ruled === 'object' && !Array.isArray(ruled) ? ruled : null;
  const rule = inVhost ? inVhost.needs : ruled as Exclude<typeof ruled, InVhost>;
  const vhost = inVhost ? inVhost.vhost : (req as { vhost?: unknown }).vhost;
  if (typeof vhost === 'string' && !maySeeVhost(broker, u.name, vhost)) return `user '${u.name}' has no access to vhost '${vhost}'`;
  if (rule === 'policymaker') {
    // rabbit_mgmt_util:is_authorized_policies: the tag, and permissions in the policy's vhost
    if (!satisfies(u, 'policymaker')) return `only policymakers and administrators may run ${name}`;
    return hasTag(u, 'administrator') || broker.permissions.canAccessVhost(u.name, vhost as string) ? null : `user '${u.name}' has no access to vhost '${vhost}'`;
  }
  if (rule === 'own-connection') {
    const id = (req as { id: string }).id;
    const c = broker.clients.get(id);
    return hasTag(u, 'administrator') || !c || c.info.user === u.name ? null : `user '${u.name}' may close only its own connections`;
  }
  for (const need of rule) {
    if (need[0] === 'topic') {
      const [, access, exchange, key] = need;
      if (!broker.permissions.allowsTopic(u.name, vhost as string, exchange, access, key, { username: u.name, vhost: vhost as string })) return topicRefusedText(key, exchange, vhost as string, u.name);
      continue;
    }
    const [access, kind, resource] = need;
    if (!broker.permissions.allows(u.name, vhost as string, access, permissionName(kind, resource))) return refusedText(kind, resource, vhost as string, u.name);
  }
  return null;
}
