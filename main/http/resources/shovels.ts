// /api/shovels[/{vhost}] and /api/shovels/vhost/{vhost}/{name}[/restart] (rabbitmq_shovel_management's
// rabbit_shovel_mgmt): the dynamic shovels' states in its shape, to monitoring users for the vhosts
// they see; DELETE deletes a shovel (its parameter) or, on /restart, restarts it. The shovels
// themselves are main/shovel's, given to the API as ApiEnv.shovels.
import { visibleVhosts } from '../auth';
import type { Row } from '../query';
import type { Ctx, Resource } from '../router';

/** RabbitMQ 3.10 lets monitoring users delete and restart too; deleting a runtime parameter is a
 *  policymaker's everywhere else, so it is here */
const MONITOR = { read: 'monitoring', write: 'policymaker' } as const;

function rows(ctx: Ctx): Row[] {
  const visible = new Set(visibleVhosts(ctx.broker, ctx.user));
  const vhost = ctx.params.vhost;
  return (ctx.env.shovels?.list() ?? []).filter((s) => visible.has(s.vhost) && (vhost === undefined || s.vhost === vhost)) as Row[];
}

const known = (ctx: Ctx): boolean => ctx.env.shovels?.list().some((s) => s.vhost === ctx.params.vhost && s.name === ctx.params.name) ?? false;

export const shovels: Resource = {
  methods: ['GET'], auth: MONITOR,
  list: { rows, sort: [], pageable: false },
};

export const vhostShovels: Resource = {
  methods: ['GET'], auth: MONITOR, vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows, sort: [], pageable: false },
};

/** GET lists the vhost's shovels (as RabbitMQ does on this path); DELETE deletes this one. */
export const shovel: Resource = {
  methods: ['GET', 'DELETE'], auth: MONITOR, vhostParam: 'vhost',
  exists: known,
  list: { rows, sort: [], pageable: false },
  delete: (ctx) => { ctx.env.shovels?.delete(ctx.params.vhost, ctx.params.name); },
};

export const restartShovel: Resource = {
  methods: ['DELETE'], auth: MONITOR, vhostParam: 'vhost',
  exists: known,
  delete: (ctx) => { ctx.env.shovels?.restart(ctx.params.vhost, ctx.params.name); },
};
