// /api/channels[/{name}] and /api/vhosts/{vhost}/channels (rabbit_mgmt_wm_channels, _channel,
// _channels_vhost): the channels of the connections the caller may see.
import type { Resource } from '../router';
import { channelRows, visibleClients } from './client-json';
import { READ_MANAGEMENT } from './vhost-objects';

const SORT = ['vhost', 'name'] as const;

export const channels: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  list: { rows: (ctx) => channelRows(ctx, visibleClients(ctx)), sort: SORT, pageable: true },
};

export const channelsInVhost: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => channelRows(ctx, visibleClients(ctx).filter((c) => c.info.vhost === ctx.params.vhost)), sort: SORT, pageable: true },
};

export const channel: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  exists: (ctx) => channelRows(ctx, visibleClients(ctx)).some((r) => r.name === ctx.params.channel),
  get: (ctx) => channelRows(ctx, visibleClients(ctx)).find((r) => r.name === ctx.params.channel),
};
