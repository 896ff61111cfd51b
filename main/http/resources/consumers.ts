// /api/consumers[/{vhost}] (rabbit_mgmt_wm_consumers): consumers in the vhosts the caller may see.
import { visibleVhosts } from '../auth';
import type { Resource } from '../router';
import { consumerRows } from './client-json';
import { READ_MANAGEMENT } from './vhost-objects';

export const consumers: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  list: { rows: (ctx) => consumerRows(ctx, new Set(visibleVhosts(ctx.broker, ctx.user))), sort: [], pageable: false },
};

export const consumersInVhost: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => consumerRows(ctx, new Set([ctx.params.vhost])), sort: [], pageable: false },
};
