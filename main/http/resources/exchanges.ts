// /api/exchanges[/{vhost}[/{name}]], the exchange's bindings and publish
// (rabbit_mgmt_wm_exchanges, _exchange, _exchange_publish).
import type { Exchange } from '../../broker/exchanges/exchange';
import { isExchangeType } from '../../broker/exchanges/exchange';
import { BrokerError } from '../../broker/errors';
import { Message } from '../../broker/message';
import { requireAccess } from '../access-check';
import { jsonToProperties, jsonToTable, tableToJson } from '../amqp-json';
import { bool, object, requireKeys, str } from '../body';
import { badRequest } from '../errors';
import { EXCHANGE_STATS, messageStatsField } from '../message-stats-json';
import type { Ctx, Resource } from '../router';
import { bindingJson } from './bindings-json';
import { core, listResources, READ_MANAGEMENT, vhostOf } from './vhost-objects';

export function exchangeJson(x: Exchange): Record<string, unknown> {
  return {
    name: x.name, vhost: x.vhost, type: x.type, durable: x.options.durable, auto_delete: x.options.autoDelete,
    internal: x.options.internal, arguments: tableToJson(x.options.args), ...messageStatsField([x.stats], EXCHANGE_STATS),
    // RabbitMQ 3.10.8 names the policy of an exchange only when one applies, and no operator policy.
    ...(x.policy?.policy ? { policy: x.policy.policy.name } : {}),
    // as the delayed-message plugin's management extension adds it
    ...(x.delayed !== null ? { messages_delayed: x.delayed.size } : {}),
  };
}

export const { all: exchanges, inVhost: exchangesInVhost } = listResources((_ctx, v) => [...v.exchanges.values()].map(exchangeJson), ['vhost', 'name'], true);

/** The default exchange is "amq.default" in paths (it has no name of its own). */
const exchangeName = (ctx: Ctx): string => (ctx.params.name === 'amq.default' ? '' : ctx.params.name);
const exchangeOf = (ctx: Ctx): Exchange | undefined => ctx.broker.vhost(ctx.params.vhost)?.exchange(exchangeName(ctx));

export const exchange: Resource = {
  methods: ['GET', 'PUT', 'DELETE'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => exchangeOf(ctx) !== undefined,
  get: (ctx) => exchangeJson(exchangeOf(ctx)!),
  put(ctx) {
    const v = vhostOf(ctx);
    const name = ctx.params.name;
    requireAccess(ctx, v.name, 'configure', 'exchange', name);
    const type = str(ctx.body, 'type', 'direct');
    if (!isExchangeType(type)) throw badRequest(`invalid exchange type '${type}'`);
    const created = !v.exchanges.has(name);
    core(() => v.declareExchange({
      name, type, passive: false, durable: bool(ctx.body, 'durable', false), autoDelete: bool(ctx.body, 'auto_delete', false),
      internal: bool(ctx.body, 'internal', false), args: jsonToTable(object(ctx.body, 'arguments')),
    }));
    return created;
  },
  delete(ctx) {
    const v = vhostOf(ctx);
    requireAccess(ctx, v.name, 'configure', 'exchange', ctx.params.name);
    core(() => v.deleteExchange(ctx.params.name, ctx.query.get('if-unused') === 'true'));
  },
};

const bindingsOf = (direction: 'source' | 'destination'): Resource => ({
  methods: ['GET'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => exchangeOf(ctx) !== undefined,
  list: {
    rows(ctx) {
      const x = exchangeOf(ctx)!;
      return direction === 'source' ? [...x.bindings.values()].map(bindingJson) : [...x.inbound].map(bindingJson);
    },
    sort: [],
    pageable: false,
  },
});

export const exchangeBindingsSource = bindingsOf('source');
export const exchangeBindingsDestination = bindingsOf('destination');

export const exchangePublish: Resource = {
  methods: ['POST'],
  auth: READ_MANAGEMENT,
  vhostParam: 'vhost',
  exists: (ctx) => ctx.broker.vhosts.has(ctx.params.vhost),
  post(ctx) {
    requireKeys(ctx.body, ['routing_key', 'properties', 'payload', 'payload_encoding']);
    const v = vhostOf(ctx);
    const name = exchangeName(ctx);
    requireAccess(ctx, v.name, 'write', 'exchange', name);
    const encoding = str(ctx.body, 'payload_encoding');
    if (encoding !== 'string' && encoding !== 'base64') throw badRequest(`payload_encoding must be string or base64`);
    const body = Buffer.from(str(ctx.body, 'payload'), encoding === 'base64' ? 'base64' : 'utf8');
    const props = jsonToProperties(object(ctx.body, 'properties'));
    let routed = false;
    try {
      const x = v.publishTarget(name);
      routed = v.publish(x, new Message(name, str(ctx.body, 'routing_key'), props, null, body, body.length, Date.now()), false, null).routed > 0;
    } catch (e) {
      // RabbitMQ publishes over an internal channel and reports its channel error as a 400
      if (e instanceof BrokerError) throw badRequest(`${e.replyCode} ${e.replyText}`);
      throw e;
    }
    return { status: 200, body: { routed } };
  },
};
