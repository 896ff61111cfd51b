// /api/health/checks/* (rabbit_mgmt_wm_health_check_*) for a single node, and
// /api/aliveness-test/{vhost}: declare a queue, publish to it and get the message back.
import { Message } from '../../broker/message';
import { requireAccess } from '../access-check';
import { FailedCheck } from '../errors';
import type { Ctx, Resource } from '../router';

const MANAGEMENT = { read: 'management', write: 'administrator' } as const;

/** A check that answers 200 with `ok`, or 503 with RabbitMQ's failure body. */
function check(run: (ctx: Ctx) => { ok: true; extra?: Record<string, unknown> } | { ok: false; failure: Record<string, unknown> }): Resource {
  return {
    methods: ['GET'],
    auth: MANAGEMENT,
    get(ctx) {
      const r = run(ctx);
      if (r.ok) return { status: 'ok', ...r.extra };
      throw new FailedCheck(r.failure);
    },
  };
}

export const alarms = check((ctx) => ctx.broker.alarms.blocked
  ? { ok: false, failure: { reason: 'There are alarms in effect in the cluster', alarms: alarmList(ctx) } }
  : { ok: true });

export const localAlarms = check((ctx) => ctx.broker.alarms.blocked
  ? { ok: false, failure: { reason: 'There are alarms in effect on the node', alarms: alarmList(ctx) } }
  : { ok: true });

function alarmList(ctx: Ctx): Array<Record<string, string>> {
  return (['memory', 'disk'] as const).filter((k) => ctx.broker.alarms.isSet(k))
    .map((k) => ({ node: ctx.env.node, resource: k }));
}

/** Every vhost of a single node is running while the node is. */
export const virtualHosts = check(() => ({ ok: true }));

export const nodeIsQuorumCritical = check(() => ({ ok: true, extra: { reason: 'single node cluster' } }));

export const portListener = check((ctx) => {
  const ports = ctx.env.listeners().map((l) => l.port);
  const port = Number(ctx.params.port);
  return ports.includes(port) ? { ok: true, extra: { port } } : { ok: false, failure: { reason: 'No active listener', missing: port, ports } };
});

export const protocolListener = check((ctx) => {
  const protocols = [...new Set(ctx.env.listeners().map((l) => l.protocol))];
  const p = ctx.params.protocol;
  return protocols.includes(p) ? { ok: true, extra: { protocol: p } } : { ok: false, failure: { reason: 'No active listener', missing: p, protocols } };
});

const ALIVENESS_QUEUE = 'aliveness-test';

export const alivenessTest: Resource = {
  methods: ['GET'],
  auth: MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  get(ctx) {
    // RabbitMQ opens a connection as the caller, so even an administrator needs permissions here.
    requireAccess(ctx, ctx.params.vhost, 'configure', 'queue', ALIVENESS_QUEUE);
    const v = ctx.broker.vhost(ctx.params.vhost)!;
    const q = v.declareQueue({ name: ALIVENESS_QUEUE, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    const body = Buffer.from('test_message');
    v.publish(v.publishTarget(''), new Message('', ALIVENESS_QUEUE, {}, null, body, body.length, Date.now()), false, null);
    const got = q.get(true);
    return got ? { status: 'ok' } : { status: 'failed', reason: 'message not routed back' };
  },
};
