// Permission checks for resources that act in a vhost as the caller, as RabbitMQ's management
// plugin does through an internal AMQP connection: no permissions in the vhost at all is
// "Access refused.", a name outside the caller's expression is the AMQP refusal text.
import { refusedText, type Access, type ResourceKind } from '../broker/access/permissions';
import { notAuthorised } from './errors';
import type { Ctx } from './router';

export function requireAccess(ctx: Ctx, vhost: string, access: Access, kind: ResourceKind, name: string): void {
  const perms = ctx.broker.permissions;
  if (!perms.canAccessVhost(ctx.user.name, vhost)) throw notAuthorised('Access refused.');
  const checked = kind === 'exchange' && name === '' ? 'amq.default' : name;
  if (!perms.allows(ctx.user.name, vhost, access, checked)) throw notAuthorised(refusedText(kind, name, vhost, ctx.user.name));
}
