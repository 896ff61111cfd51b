// The admin panels' commands on a remote broker, through its management API. The broker decides
// who may do what (its own user's tags and permissions); its refusals come back as error results
// (remote-errors.ts). Rows have the same shapes as the embedded broker's (admin-handlers.ts).
import type { CommandName, Req, Res } from '../../shared/ipc/contract';
import type { AdminRights, PermissionRow, PolicyApplyTo, PolicyKind, PolicyRow, TopicPermissionRow, UserRow, VhostRow } from '../../shared/model/admin';
import type { ClusterNode } from '../../shared/model/remote';
import type { JsonTable } from '../../shared/model/topology';
import { satisfies } from '../broker/access/management-tags';
import { DEFAULT_HASHING_ALGORITHM } from '../broker/access/password-hash';
import type { DefinitionsJson } from '../definitions/format';
import { definitionObject, importSummary } from '../bridge/admin-handlers';
import { InvalidInput } from '../bridge/invalid-input';
import { apiPath, RemoteError, type ManagementClient } from './management-client';

type Some<K extends CommandName> = { [P in K]: (req: Req<P>) => Res<P> | Promise<Res<P>> };
export type RemoteAdminCommand =
  | 'whoAmI' | 'listVhosts' | 'addVhost' | 'deleteVhost' | 'setVhostClock' | 'listUsers' | 'putUser' | 'deleteUser'
  | 'listPermissions' | 'setPermission' | 'clearPermission' | 'listTopicPermissions' | 'setTopicPermission' | 'clearTopicPermission'
  | 'listPolicies' | 'putPolicy' | 'deletePolicy' | 'exportDefinitions' | 'importDefinitions' | 'listNodes';

/** RabbitMQ 3.9+ lists tags as an array; older versions as one comma-separated string. */
export function tagsOf(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.filter((t): t is string => typeof t === 'string');
  return typeof tags === 'string' ? tags.split(',').map((t) => t.trim()).filter(Boolean) : [];
}

/** The admin panels this user's tags open on that broker (RabbitMQ's management rules). */
export function rightsOf(name: string, tags: string[]): AdminRights {
  const user = { name, tags, passwordHash: '', hashingAlgorithm: DEFAULT_HASHING_ALGORITHM };
  const admin = satisfies(user, 'administrator');
  const policies = satisfies(user, 'policymaker');
  return { view: policies || satisfies(user, 'monitoring'), vhosts: admin, users: admin, permissions: admin, policies, operatorPolicies: admin, definitions: admin };
}

interface ApiPolicyRow { vhost: string; name: string; pattern: string; 'apply-to': PolicyApplyTo; priority: number; definition: JsonTable }
interface ApiNode {
  name: string; running?: boolean; type?: string; mem_used?: number; mem_limit?: number; mem_alarm?: boolean;
  disk_free?: number | null; disk_free_limit?: number; disk_free_alarm?: boolean; uptime?: number;
}

const policiesPath = (kind: PolicyKind): string => (kind === 'operator' ? 'operator-policies' : 'policies');

export function createRemoteAdminHandlers(client: ManagementClient): Some<RemoteAdminCommand> {
  /** Does the object at this path exist? (decides `created`) */
  const exists = async (path: string): Promise<boolean> => {
    try { await client.get(path); return true; } catch (e) {
      if (e instanceof RemoteError && e.kind === 'not-found') return false;
      throw e;
    }
  };
  const countBy = (rows: Array<{ vhost: string }>): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.vhost, (m.get(r.vhost) ?? 0) + 1);
    return m;
  };
  return {
    whoAmI: async () => {
      const me = await client.get<{ name: string; tags: unknown }>('/api/whoami');
      const tags = tagsOf(me.tags);
      return { user: me.name, tags, owner: false, may: rightsOf(me.name, tags) };
    },
    listVhosts: async () => {
      const [vhosts, queues, connections] = await Promise.all([
        client.get<Array<{ name: string; messages?: number; warren_clock_scale?: number }>>('/api/vhosts'),
        client.get<Array<{ vhost: string }>>('/api/queues?columns=vhost'),
        client.get<Array<{ vhost: string }>>('/api/connections?columns=vhost'),
      ]);
      const q = countBy(queues);
      const c = countBy(connections);
      return vhosts.map((v): VhostRow => ({ name: v.name, queues: q.get(v.name) ?? 0, messages: v.messages ?? 0, connections: c.get(v.name) ?? 0, clockScale: v.warren_clock_scale ?? 1 }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    addVhost: async ({ vhost }) => {
      const created = !(await exists(apiPath('vhosts', vhost)));
      await client.put(apiPath('vhosts', vhost), {});
      return { created };
    },
    deleteVhost: async ({ vhost }) => { await client.delete(apiPath('vhosts', vhost)); return null; },
    // only a Warren has the sandbox clock: its /api/vhosts says so with warren_clock_scale
    setVhostClock: async ({ vhost, scale }) => {
      const v = await client.get<{ warren_clock_scale?: number }>(apiPath('vhosts', vhost));
      if (v.warren_clock_scale === undefined) throw new InvalidInput('this broker has no sandbox clock (it is Warren\'s own, not RabbitMQ\'s)');
      await client.put(apiPath('vhosts', vhost), { warren_clock_scale: scale });
      return null;
    },
    listUsers: async () => (await client.get<Array<{ name: string; tags: unknown; password_hash?: string }>>('/api/users'))
      .map((u): UserRow => ({ name: u.name, tags: tagsOf(u.tags), hasPassword: u.password_hash !== '' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    putUser: async ({ name, password, tags }) => {
      const created = !(await exists(apiPath('users', name)));
      // No password: an existing user keeps theirs (RabbitMQ keeps the hash when neither is sent);
      // a new one gets none (an empty hash: it cannot log in with a password).
      const secret = password !== undefined ? { password } : created ? { password_hash: '' } : {};
      await client.put(apiPath('users', name), { ...secret, tags: tags.join(',') });
      return { created };
    },
    deleteUser: async ({ name }) => { await client.delete(apiPath('users', name)); return null; },
    listPermissions: async () => (await client.get<PermissionRow[]>('/api/permissions'))
      .map(({ user, vhost, configure, write, read }) => ({ user, vhost, configure, write, read })),
    setPermission: async ({ user, vhost, configure, write, read }) => {
      const created = !(await exists(apiPath('permissions', vhost, user)));
      await client.put(apiPath('permissions', vhost, user), { configure, write, read });
      return { created };
    },
    clearPermission: async ({ user, vhost }) => { await client.delete(apiPath('permissions', vhost, user)); return null; },
    listTopicPermissions: async () => (await client.get<TopicPermissionRow[]>('/api/topic-permissions'))
      .map(({ user, vhost, exchange, write, read }) => ({ user, vhost, exchange, write, read })),
    setTopicPermission: async ({ user, vhost, exchange, write, read }) => {
      const rows = await client.get<TopicPermissionRow[]>(apiPath('users', user, 'topic-permissions'));
      const created = !rows.some((r) => r.vhost === vhost && r.exchange === exchange);
      await client.put(apiPath('topic-permissions', vhost, user), { exchange, write, read });
      return { created };
    },
    clearTopicPermission: async ({ user, vhost, exchange }) => {
      // RabbitMQ 3.x clears a user's topic permissions of a vhost all at once: put back the others.
      const rows = (await client.get<TopicPermissionRow[]>(apiPath('users', user, 'topic-permissions'))).filter((r) => r.vhost === vhost);
      if (!rows.some((r) => r.exchange === exchange)) throw new RemoteError('not-found', `no topic permission of user '${user}' on exchange '${exchange}' in vhost '${vhost}'`);
      await client.delete(apiPath('topic-permissions', vhost, user));
      for (const r of rows) if (r.exchange !== exchange) await client.put(apiPath('topic-permissions', vhost, user), { exchange: r.exchange, write: r.write, read: r.read });
      return null;
    },
    listPolicies: async ({ kind }) => (await client.get<ApiPolicyRow[]>(`/api/${policiesPath(kind)}`))
      .map((p): PolicyRow => ({ vhost: p.vhost, name: p.name, pattern: p.pattern, applyTo: p['apply-to'], priority: p.priority, definition: p.definition })),
    putPolicy: async ({ kind, vhost, name, pattern, applyTo, priority, definition }) => {
      const parsed = definitionObject(definition);
      const path = apiPath(policiesPath(kind), vhost, name);
      const created = !(await exists(path));
      await client.put(path, { pattern, 'apply-to': applyTo, priority, definition: parsed });
      return { created };
    },
    deletePolicy: async ({ kind, vhost, name }) => { await client.delete(apiPath(policiesPath(kind), vhost, name)); return null; },
    exportDefinitions: ({ vhost }) => client.get<Record<string, unknown>>(vhost === undefined ? '/api/definitions' : apiPath('definitions', vhost)),
    importDefinitions: async ({ text, vhost }) => {
      let defs: unknown;
      try { defs = JSON.parse(text); } catch (e) { throw new InvalidInput(`import failed: the file is not JSON: ${(e as Error).message}`); }
      if (defs === null || typeof defs !== 'object' || Array.isArray(defs)) throw new InvalidInput('import failed: definitions are a JSON object');
      await client.post(vhost === undefined ? '/api/definitions' : apiPath('definitions', vhost), defs);
      return importSummary(defs as DefinitionsJson);
    },
    listNodes: async () => (await client.get<ApiNode[]>('/api/nodes')).map((n): ClusterNode => ({
      name: n.name, running: n.running ?? false, ...(n.type ? { type: n.type } : {}),
      memUsed: n.mem_used ?? 0, memLimit: n.mem_limit ?? 0, memAlarm: n.mem_alarm ?? false,
      diskFree: n.disk_free ?? 0, diskFreeLimit: n.disk_free_limit ?? 0, diskAlarm: n.disk_free_alarm ?? false,
      uptime: n.running && typeof n.uptime === 'number' ? n.uptime : null,
    })),
  };
}
