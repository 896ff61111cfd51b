// One client session's permission checks: the user and vhost it opened, asked by the protocol
// layer before each operation (which operation needs which permission is the protocol's table:
// main/amqp/server/methods/* for AMQP). A refusal is RabbitMQ's channel error 403 ACCESS_REFUSED.
// The publish path asks once per message, so the last exchange allowed for writing is remembered
// until the permissions change.
import { ChannelError, Reply } from '../errors';
import { type Access, type Permissions, permissionName, type ResourceKind, refusedText, topicRefusedText } from './permissions';

/** What a session asks of the permissions. */
export type PermissionCheck = Pick<Permissions, 'generation' | 'hasTopic' | 'allows' | 'allowsTopic'>;

/** The broker's own sessions (access/internal-login.ts) may do anything. */
export const FULL_ACCESS: PermissionCheck = { generation: 0, hasTopic: () => false, allows: () => true, allowsTopic: () => true };

export class SessionAccess {
  private lastWrite: string | null = null;
  private generation: number;
  private topicChecks: boolean;

  constructor(private readonly permissions: PermissionCheck, readonly user: string, readonly vhost: string, private readonly clientId?: string) {
    this.generation = permissions.generation;
    this.topicChecks = permissions.hasTopic(user, vhost);
  }

  configure(kind: ResourceKind, name: string): void { this.check('configure', kind, name); }
  read(kind: ResourceKind, name: string): void { this.check('read', kind, name); }

  write(kind: ResourceKind, name: string): void {
    this.refresh();
    if (kind === 'exchange' && name === this.lastWrite) return;
    this.check('write', kind, name);
    if (kind === 'exchange') this.lastWrite = name;
  }

  /** Topic permissions: publishing to (write) or binding from (read) a topic exchange. */
  topic(access: 'write' | 'read', exchange: string, routingKey: string): void {
    this.refresh();
    if (!this.topicChecks) return;
    const vars = { username: this.user, vhost: this.vhost, ...(this.clientId !== undefined ? { client_id: this.clientId } : {}) };
    if (!this.permissions.allowsTopic(this.user, this.vhost, exchange, access, routingKey, vars)) {
      throw new ChannelError(Reply.ACCESS_REFUSED, topicRefusedText(routingKey, exchange, this.vhost, this.user));
    }
  }

  private check(access: Access, kind: ResourceKind, name: string): void {
    if (!this.permissions.allows(this.user, this.vhost, access, permissionName(kind, name))) {
      throw new ChannelError(Reply.ACCESS_REFUSED, refusedText(kind, name, this.vhost, this.user));
    }
  }

  private refresh(): void {
    if (this.generation === this.permissions.generation) return;
    this.generation = this.permissions.generation;
    this.lastWrite = null;
    this.topicChecks = this.permissions.hasTopic(this.user, this.vhost);
  }
}
