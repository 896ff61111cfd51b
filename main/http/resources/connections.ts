// /api/connections[/{name}[/channels]] and /api/vhosts/{vhost}/connections (rabbit_mgmt_wm_connections,
// _connection, _connection_channels, _connections_vhost). DELETE closes the connection, with the
// X-Reason header's text as RabbitMQ does (AMQP: connection.close 320 CONNECTION_FORCED).
import type { Client } from '../../broker/client';
import { satisfies } from '../auth';
import { notAuthorised } from '../errors';
import type { Ctx, Resource } from '../router';
import { channelRows, connectionJson, findConnection, visibleClients } from './client-json';
import { READ_MANAGEMENT } from './vhost-objects';

/** RabbitMQ's text when no X-Reason is given. */
export const DEFAULT_CLOSE_REASON = 'Closed via management plugin';
const SORT = ['vhost', 'name'] as const;

export const connections: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  list: { rows: (ctx) => visibleClients(ctx).map((c) => connectionJson(ctx, c)), sort: SORT, pageable: true },
};

export const connectionsInVhost: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  list: { rows: (ctx) => visibleClients(ctx).filter((c) => c.info.vhost === ctx.params.vhost).map((c) => connectionJson(ctx, c)), sort: SORT, pageable: true },
};

/** The named connection, if the caller may see it: its own, or any for monitoring users. */
function ownConnection(ctx: Ctx): Client {
  const c = findConnection(ctx, ctx.params.connection)!;
  if (c.info.user !== ctx.user.name && !satisfies(ctx.user, 'monitoring')) throw notAuthorised('User not authorised to access object');
  return c;
}

export const connection: Resource = {
  methods: ['GET', 'DELETE'],
  auth: READ_MANAGEMENT,
  exists: (ctx) => findConnection(ctx, ctx.params.connection) !== undefined,
  get: (ctx) => connectionJson(ctx, ownConnection(ctx)),
  delete(ctx) {
    const reason = ctx.headers['x-reason'];
    ownConnection(ctx).close({ kind: 'admin', text: typeof reason === 'string' && reason !== '' ? reason : DEFAULT_CLOSE_REASON });
  },
};

export const connectionChannels: Resource = {
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  exists: (ctx) => findConnection(ctx, ctx.params.connection) !== undefined,
  list: { rows: (ctx) => channelRows(ctx, [ownConnection(ctx)]), sort: SORT, pageable: true },
};
