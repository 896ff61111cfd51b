// The admin panels' commands: vhosts, users, permissions, policies and definitions. Each calls the
// same core function as the management API (main/broker/access/admin.ts, Broker.setPolicy,
// main/definitions), so a change made in the window persists and behaves exactly as one made over
// HTTP. Who may run which is command-access.ts's; lists show only the vhosts the user may see.
import type { Commands } from '../../shared/ipc/contract';
import type { JsonTable } from '../../shared/model/topology';
import type { PolicyRow, VhostRow } from '../../shared/model/admin';
import {
  AccessAdminError, clearPermission, clearTopicPermission, createVhost, deleteUser, putUser, setPermission, setTopicPermission,
} from '../broker/access/admin';
import { InvalidPermissionError } from '../broker/access/permissions';
import { normaliseTags } from '../broker/access/users';
import type { Broker } from '../broker/broker';
import { InvalidPolicyError, type Policy } from '../broker/policies/policy';
import type { VHost } from '../broker/vhost';
import { ClockScaleError } from '../broker/vhost-clock';
import { exportDefinitions, exportVersions, exportVhostDefinitions } from '../definitions/export';
import { DefinitionsError, describeDefinitionsError, parseDefinitions, type DefinitionsJson } from '../definitions/format';
import { importDefinitions, importVhostDefinitions } from '../definitions/import';
import { adminRights, maySeeVhost, type Principal } from './command-access';
import { InvalidInput } from './invalid-input';
import { NotFound } from './not-found';

type Handler<K extends keyof Commands> = (req: Commands[K]['req'], principal: Principal | null) => Commands[K]['res'];
export type AdminCommand =
  | 'whoAmI' | 'listVhosts' | 'addVhost' | 'deleteVhost' | 'setVhostClock' | 'listUsers' | 'putUser' | 'deleteUser'
  | 'listPermissions' | 'setPermission' | 'clearPermission' | 'listTopicPermissions' | 'setTopicPermission' | 'clearTopicPermission' | 'listPolicies' | 'putPolicy' | 'deletePolicy'
  | 'exportDefinitions' | 'importDefinitions';

export interface AdminDeps {
  broker: Broker;
  /** Warren's version, named in exported definitions */
  version: string;
}

/** What the trusted Electron window is called: the machine's owner, an administrator. */
export const OWNER = 'owner';

/** The definitions file's lists whose items an import counts. */
const SUMMARY_KEYS = ['users', 'vhosts', 'permissions', 'topic_permissions', 'parameters', 'policies', 'queues', 'exchanges', 'bindings'] as const;

export function createAdminHandlers({ broker, version }: AdminDeps): { [K in AdminCommand]: Handler<K> } {
  const visible = (principal: Principal | null): VHost[] =>
    [...broker.vhosts.values()].filter((v) => principal === null || maySeeVhost(broker, principal.user, v.name));
  const vh = (name: string): VHost => {
    const v = broker.vhost(name);
    if (!v) throw new NotFound(`no vhost '${name}'`);
    return v;
  };
  return {
    whoAmI: (_req, principal) => {
      const u = principal ? broker.users.get(principal.user) : undefined;
      return { user: principal?.user ?? OWNER, tags: u ? [...u.tags] : ['administrator'], owner: principal === null, may: adminRights(broker, principal) };
    },
    listVhosts: (_req, principal) => visible(principal).map((v) => vhostRow(broker, v)).sort(byName),
    addVhost: ({ vhost }, principal) => ({ created: createVhost(broker, vhost, principal?.user ?? null) }),
    deleteVhost: ({ vhost }) => {
      if (!broker.deleteVhost(vhost)) throw new NotFound(`no vhost '${vhost}'`);
      return null;
    },
    setVhostClock: ({ vhost, scale }) => {
      vh(vhost);
      try { broker.setVhostClock(vhost, scale); } catch (e) {
        if (e instanceof ClockScaleError) throw new InvalidInput(e.message);
        throw e;
      }
      return null;
    },
    listUsers: () => broker.users.list().map((u) => ({ name: u.name, tags: [...u.tags], hasPassword: u.passwordHash !== '' })).sort(byName),
    putUser: ({ name, password, tags }) => ({ created: putUser(broker, name, password === undefined ? null : { password }, normaliseTags(tags)) }),
    deleteUser: ({ name }) => {
      if (!broker.users.has(name)) throw new NotFound(`no user '${name}'`);
      deleteUser(broker, name);
      return null;
    },
    listPermissions: () => broker.permissions.list().map(({ user, vhost, configure, write, read }) => ({ user, vhost, configure, write, read }))
      .sort((a, b) => a.vhost.localeCompare(b.vhost) || a.user.localeCompare(b.user)),
    setPermission: (p) => ({ created: permissionChange(p, () => setPermission(broker, p)) }),
    clearPermission: ({ user, vhost }) => { clearPermission(broker, user, vhost); return null; },
    listTopicPermissions: () => broker.permissions.listTopic().map(({ user, vhost, exchange, write, read }) => ({ user, vhost, exchange, write, read }))
      .sort((a, b) => a.vhost.localeCompare(b.vhost) || a.user.localeCompare(b.user) || a.exchange.localeCompare(b.exchange)),
    setTopicPermission: (p) => ({ created: permissionChange(p, () => setTopicPermission(broker, p)) }),
    clearTopicPermission: ({ user, vhost, exchange }) => { clearTopicPermission(broker, user, vhost, exchange); return null; },
    listPolicies: ({ kind }, principal) => visible(principal).flatMap((v) => v.policies.list(kind).map(policyRow)),
    putPolicy: ({ kind, vhost, name, pattern, applyTo, priority, definition }) => {
      vh(vhost);
      const parsed = definitionObject(definition);
      try { return { created: broker.setPolicy(kind, vhost, name, { pattern, applyTo, priority, definition: parsed }) }; } catch (e) {
        if (e instanceof InvalidPolicyError) throw new InvalidInput(`Validation failed: ${e.message}`);
        throw e;
      }
    },
    deletePolicy: ({ kind, vhost, name }) => {
      if (!broker.deletePolicy(kind, vhost, name)) throw new NotFound(`no ${kind === 'operator' ? 'operator policy' : 'policy'} '${name}' in vhost '${vhost}'`);
      return null;
    },
    exportDefinitions: ({ vhost }) => {
      const defs = vhost === undefined ? exportDefinitions(broker, exportVersions(version)) : exportVhostDefinitions(broker, vh(vhost), exportVersions(version));
      return defs as Record<string, unknown>;
    },
    importDefinitions: ({ text, vhost }) => {
      try {
        const defs = parseDefinitions(text);
        if (vhost === undefined) importDefinitions(broker, defs);
        else importVhostDefinitions(broker, vhost, defs);
        return importSummary(defs);
      } catch (e) {
        if (e instanceof DefinitionsError) throw (e.status === 404 ? new NotFound(`no vhost '${vhost}'`) : new InvalidInput(`import failed: ${describeDefinitionsError(e)}`));
        throw e;
      }
    },
  };
}

/** A permission change, its refusals in words. */
function permissionChange<T>(p: { user: string; vhost: string }, change: () => T): T {
  try { return change(); } catch (e) {
    if (e instanceof AccessAdminError) throw new NotFound(`no user '${p.user}' or no vhost '${p.vhost}'`);
    if (e instanceof InvalidPermissionError) throw new InvalidInput(`invalid regular expression: ${e.message}`);
    throw e;
  }
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

function vhostRow(broker: Broker, v: VHost): VhostRow {
  let messages = 0;
  for (const q of v.queues.values()) messages += q.messageCount + q.unacked;
  let connections = 0;
  for (const c of broker.clients.values()) if (c.info.vhost === v.name) connections++;
  return { name: v.name, queues: v.queues.size, messages, connections, clockScale: v.clockScale };
}

function policyRow(p: Policy): PolicyRow {
  return { vhost: p.vhost, name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition as JsonTable };
}

/** The policy form's definition: a JSON object, or a readable refusal. */
export function definitionObject(text: string): Record<string, unknown> {
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) { throw new InvalidInput(`the definition is not valid JSON: ${(e as Error).message}`); }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidInput('the definition must be a JSON object, such as {"max-length": 10}');
  return v as Record<string, unknown>;
}

export function importSummary(defs: DefinitionsJson): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of SUMMARY_KEYS) {
    const list = defs[k];
    if (Array.isArray(list) && list.length > 0) out[k] = list.length;
  }
  return out;
}
