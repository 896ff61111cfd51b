// /api/vhosts and /api/vhosts/{vhost} (rabbit_mgmt_wm_vhosts, rabbit_mgmt_wm_vhost).
// Warren's own field: warren_clock_scale (1, 10 or 60), the vhost's sandbox clock
// (broker/vhost-clock.ts), shown at the top level and in metadata as description and tags are;
// a PUT sets it from either place and leaves it as it is when neither has it. RabbitMQ's clients
// ignore keys they do not know.
import { createVhost } from '../../broker/access/admin';
import type { VHost } from '../../broker/vhost';
import { ClockScaleError, checkClockScale, type ClockScale } from '../../broker/vhost-clock';
import { visibleVhosts } from '../auth';
import { bool, object, str } from '../body';
import { badRequest } from '../errors';
import type { Ctx, Resource } from '../router';

function vhostJson(ctx: Ctx, v: VHost): Record<string, unknown> {
  const meta = v.metadata ?? { description: v.name === '/' ? 'Default virtual host' : '', tags: [] };
  let ready = 0, unacked = 0;
  for (const q of v.queues.values()) { ready += q.messageCount; unacked += q.unacked; }
  return {
    name: v.name, description: meta.description, tags: meta.tags, default_queue_type: 'undefined',
    metadata: { description: meta.description, tags: meta.tags, warren_clock_scale: v.clockScale }, tracing: v.tracing,
    warren_clock_scale: v.clockScale,
    cluster_state: { [ctx.env.node]: 'running' },
    messages: ready + unacked, messages_ready: ready, messages_unacknowledged: unacked,
  };
}

export const vhosts: Resource = {
  methods: ['GET'],
  auth: { read: 'management', write: 'administrator' },
  list: {
    rows: (ctx) => visibleVhosts(ctx.broker, ctx.user).map((n) => vhostJson(ctx, ctx.broker.vhost(n)!)),
    sort: ['name'],
    pageable: true,
  },
};

/** warren_clock_scale from a PUT body (top level, else metadata), numbers or digit strings as
 *  rabbitmqadmin sends them; undefined when absent; 400 for anything but 1, 10 or 60. */
function clockScaleIn(body: Record<string, unknown>): ClockScale | undefined {
  const raw = body.warren_clock_scale ?? object(body, 'metadata').warren_clock_scale;
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  try { return checkClockScale(n); } catch (e) {
    if (e instanceof ClockScaleError) throw badRequest(`warren_clock_scale: ${e.message}`);
    throw e;
  }
}

export const vhost: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: { read: 'administrator', write: 'administrator' },
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  get: (ctx) => vhostJson(ctx, ctx.broker.vhost(ctx.params.vhost)!),
  put(ctx) {
    const name = ctx.params.vhost;
    // the firehose (rabbitmqctl trace_on/trace_off): switched only when the body says; checked first
    const tracing = ctx.body.tracing === undefined ? undefined : bool(ctx.body, 'tracing', false);
    const clock = clockScaleIn(ctx.body);
    const created = createVhost(ctx.broker, name, ctx.user.name);
    const v = ctx.broker.vhost(name)!;
    const old = v.metadata;
    const tags = ctx.body.tags;
    ctx.broker.setVhostMetadata(name, {
      description: str(ctx.body, 'description', old?.description ?? ''),
      tags: Array.isArray(tags) ? tags.map(String) : typeof tags === 'string' ? tags.split(',').map((t) => t.trim()).filter(Boolean) : old?.tags ?? [],
    });
    if (tracing !== undefined) v.setTracing(tracing);
    if (clock !== undefined) ctx.broker.setVhostClock(name, clock);
    return created;
  },
  delete: (ctx) => { ctx.broker.deleteVhost(ctx.params.vhost); },
};
