// What the window's admin panels show: vhosts, users (never their password hashes), permissions,
// policies, and who the UI runs as. Plain data, as RabbitMQ's management UI has it.
import type { JsonTable } from './topology';

export interface VhostRow {
  name: string;
  queues: number;
  /** ready + unacknowledged, over its queues */
  messages: number;
  connections: number;
  /** the sandbox clock: 1 (real time), 10 or 60 (always 1 on a broker that has none) */
  clockScale: number;
}

export interface UserRow {
  name: string;
  tags: string[];
  /** false: no password (cannot log in with one) */
  hasPassword: boolean;
}

export interface PermissionRow { user: string; vhost: string; configure: string; write: string; read: string }

/** A topic permission: which routing keys a user may publish with (write) and bind with (read)
 *  on one topic exchange. */
export interface TopicPermissionRow { user: string; vhost: string; exchange: string; write: string; read: string }

/** user policies (policymakers) or operator policies (administrators) */
export type PolicyKind = 'policy' | 'operator';
export type PolicyApplyTo = 'queues' | 'exchanges' | 'all';

export interface PolicyRow {
  vhost: string;
  name: string;
  pattern: string;
  applyTo: PolicyApplyTo;
  priority: number;
  definition: JsonTable;
}

/** The admin panels' parts, each one shown only to who may use it (RabbitMQ's management rules). */
export interface AdminRights {
  /** may open the panel at all (administrators, policymakers, monitoring: read-only lists) */
  view: boolean;
  /** may add and delete vhosts */
  vhosts: boolean;
  users: boolean;
  permissions: boolean;
  policies: boolean;
  operatorPolicies: boolean;
  definitions: boolean;
}

export interface WhoAmI {
  user: string;
  tags: string[];
  /** the Electron window: the machine's owner, trusted as an administrator */
  owner: boolean;
  may: AdminRights;
}

/** What an import brought in: the number of items of each kind in the file. */
export type ImportSummary = Record<string, number>;
