// The core's events as rabbitmq_event_exchange publishes them: a routing key (queue.created,
// user.authentication.failure, ...) and headers carrying the event's properties under RabbitMQ's
// names and types (rabbit_exchange_type_event:fmt_proplist). Recorded from RabbitMQ 3.10 with the
// plugin: argument tables and client properties are arrays of Erlang terms, addresses inet tuples,
// processes "<node.…>" strings; the body is empty. One event may make two messages, as in RabbitMQ
// (a vhost-limits parameter.set is followed by vhost.limits.set).
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import type { BrokerEvent } from '../../../shared/model/events';
import type { ConnectionInfo, JsonTable, JsonValue } from '../../../shared/model/topology';
import { type Client, connectionName } from '../client';
import { jsonToField, jsonToTable } from '../field-json';
import { erlangEntries, ipTuple } from './erlang-terms';

/** What the headers need of the broker beyond the event itself. */
export interface EventScope {
  readonly node: string;
  /** the user behind the change (null: the broker itself) */
  readonly actor: string | null;
  exchangeArgs(vhost: string, name: string): FieldTable | undefined;
  queueArgs(vhost: string, name: string): FieldTable | undefined;
  client(id: string): Client | undefined;
}

export interface EventMessage { key: string; headers: FieldTable }

type Plain = string | number | boolean | string[] | FieldValue;
type Props = Array<[string, Plain]>;

const field = (v: Plain): FieldValue => {
  if (typeof v === 'string') return { type: 'S', value: Buffer.from(v) };
  if (typeof v === 'boolean') return { type: 't', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'l', value: BigInt(v) } : { type: 'd', value: v };
  if (Array.isArray(v)) return { type: 'A', value: v.map((s) => field(s)) };
  return v;
};

const table = (props: Props): FieldTable => props.map(([k, v]) => [k, field(v)]);

/** A JSON table (the UI model's arguments, a policy definition) typed as the management API types JSON. */
const jsonArgs = (t: JsonTable): FieldValue => erlangEntries(jsonToTable(t));

/** "<warren@host.amqp-3>" for a connection, "<warren@host.amqp-3.1>" for its channel 1: they
 *  stand where RabbitMQ puts an Erlang pid, and name the same thing each time. */
export const pid = (node: string, connectionId: string, channel?: number): string =>
  `<${node}.${connectionId}${channel === undefined ? '' : `.${channel}`}>`;

/** The messages `e` makes on amq.rabbitmq.event; none for what the plugin does not publish. */
export function eventMessages(e: BrokerEvent, s: EventScope): EventMessage[] {
  const actor: [string, Plain] = ['user_who_performed_action', s.actor ?? 'rmq-internal'];
  const one = (key: string, props: Props): EventMessage[] => [{ key, headers: table(props) }];
  switch (e.type) {
    case 'queue.declared': {
      const q = e.queue;
      const owner = q.owner === undefined ? '' : pid(s.node, q.owner);
      return one('queue.created', [actor, ['exclusive', q.exclusive], ['owner_pid', owner], ['arguments', rawOr(s.queueArgs(q.vhost, q.name), q.arguments)],
        ['auto_delete', q.autoDelete], ['durable', q.durable], ['name', q.name], ['vhost', q.vhost]]);
    }
    case 'queue.deleted': return one('queue.deleted', [actor, ['name', e.name], ['vhost', e.vhost]]);
    case 'exchange.declared': {
      const x = e.exchange;
      return one('exchange.created', [actor, ['policy', x.policy?.name ?? ''], ['arguments', rawOr(s.exchangeArgs(x.vhost, x.name), x.arguments)],
        ['internal', x.internal], ['auto_delete', x.autoDelete], ['durable', x.durable], ['type', x.type], ['name', x.name], ['vhost', x.vhost]]);
    }
    case 'exchange.deleted': return one('exchange.deleted', [actor, ['name', e.name], ['vhost', e.vhost]]);
    case 'binding.created': case 'binding.deleted': {
      const b = e.binding;
      return one(e.type, [actor, ['vhost', b.vhost], ['arguments', jsonArgs(b.arguments)], ['routing_key', b.routingKey],
        ['destination_kind', b.destinationType], ['destination_name', b.destination], ['source_kind', 'exchange'], ['source_name', b.source]]);
    }
    case 'consumer.added': {
      const c = e.consumer;
      const client = s.client(c.connectionId);
      const channel = channelNumber(c.location);
      const args = client?.details().channels.find((ch) => ch.channel === channel)?.consumers.find((k) => k.tag === c.tag)?.arguments ?? {};
      return one('consumer.created', [actor, ['arguments', jsonArgs(args)], ['prefetch_count', c.prefetch], ['queue', c.queue], ['vhost', c.vhost],
        ['channel', pid(s.node, c.connectionId, channel)], ['ack_required', !c.noAck], ['exclusive', c.exclusive], ['consumer_tag', c.tag]]);
    }
    case 'consumer.removed':
      return one('consumer.deleted', [actor, ['queue', e.queue], ['vhost', e.vhost], ['channel', pid(s.node, e.connectionId)], ['consumer_tag', e.tag]]);
    case 'connection.opened': return one('connection.created', connectionCreated(e.connection, s));
    case 'connection.closed': {
      const c = e.connection;
      const provided = c.clientProperties.connection_name;
      return one('connection.closed', [['client_properties', jsonArgs(c.clientProperties)], ['node', s.node], ['pid', pid(s.node, c.id)],
        ['name', connectionName(c)], ...(typeof provided === 'string' ? [['user_provided_name', provided] as [string, Plain]] : [])]);
    }
    case 'channel.opened': {
      const c = s.client(e.connectionId)?.info;
      return one('channel.created', [actor, ['vhost', c?.vhost ?? ''], ['user', c?.user ?? ''], ['number', e.channel],
        ['connection', pid(s.node, e.connectionId)], ['name', `${c ? connectionName(c) : e.connectionId} (${e.channel})`], ['pid', pid(s.node, e.connectionId, e.channel)]]);
    }
    case 'channel.closed': return one('channel.closed', [actor, ['pid', pid(s.node, e.connectionId, e.channel)]]);
    case 'vhost.created':
      return one('vhost.created', [['tags', []], ['description', ''], actor, ['cluster_state', { type: 'F', value: [[s.node, field('running')]] }],
        ['tracing', false], ['metadata', '#{description => <<>>,tags => []}'], ['default_queue_type', 'undefined'], ['name', e.name]]);
    // a deleted vhost's processes stop too: RabbitMQ reports vhost.down after vhost.deleted, done
    // by its internal user whoever deleted the vhost
    case 'vhost.deleted': return [...one('vhost.deleted', [actor, ['name', e.name]]), ...one('vhost.down', [['user_who_performed_action', 'rmq-internal'], ['node', s.node], ['name', e.name]])];
    case 'user.created': case 'user.deleted': case 'user.password.changed': return one(e.type, [actor, ['name', e.name]]);
    case 'user.tags.set': return one(e.type, [actor, ['tags', e.tags], ['name', e.name]]);
    case 'user.authentication.success': case 'user.authentication.failure': {
      // RabbitMQ's error is an Erlang string: a list of character codes
      const error: Props = e.error === undefined ? [] : [['error', { type: 'A', value: [...Buffer.from(e.error)].map((c) => field(c)) }]];
      const ends: Props = e.peer && e.local
        ? [['peer_port', e.peer.port], ['peer_host', ipTuple(e.peer.host)], ['connection_name', `${e.peer.host}:${e.peer.port} -> ${e.local.host}:${e.local.port}`], ['host', ipTuple(e.local.host)]]
        : [];
      return one(e.type, [...error, ['ssl', false], ['auth_mechanism', e.mechanism], ['protocol', e.protocol], ...ends, ['name', e.name], ['connection_type', 'network']]);
    }
    case 'permission.created':
      return one(e.type, [actor, ['read', e.read], ['write', e.write], ['configure', e.configure], ['vhost', e.vhost], ['user', e.user]]);
    case 'permission.deleted': return one(e.type, [actor, ['vhost', e.vhost], ['user', e.user]]);
    case 'topic.permission.created':
      return one(e.type, [actor, ['read', e.read], ['write', e.write], ['exchange', e.exchange], ['vhost', e.vhost], ['user', e.user]]);
    case 'topic.permission.deleted':
      return one(e.type, [actor, ...(e.exchange === undefined ? [] : [['exchange', e.exchange] as [string, Plain]]), ['vhost', e.vhost], ['user', e.user]]);
    case 'policy.set': {
      const props: Props = [['apply-to', e.applyTo], ['priority', e.priority], ['definition', jsonToField(e.definition)], ['pattern', e.pattern], actor, ['vhost', e.vhost], ['name', e.name]];
      return one(e.operator ? 'operator.policy.set' : 'policy.set', props);
    }
    case 'policy.cleared': return one(e.operator ? 'operator.policy.cleared' : 'policy.cleared', [actor, ['vhost', e.vhost], ['name', e.name]]);
    case 'parameter.set': {
      const value = jsonToField(e.value as JsonValue);
      const set = one('parameter.set', [actor, ['value', value], ['name', e.name], ['component', e.component], ['vhost', e.vhost]]);
      if (e.component !== 'vhost-limits') return set;
      const limits: FieldTable = value.type === 'F' ? value.value : [];
      return [...set, { key: 'vhost.limits.set', headers: [...limits, ...table([actor, ['name', e.name]])] }];
    }
    case 'parameter.cleared': {
      const cleared = one('parameter.cleared', [actor, ['name', e.name], ['component', e.component], ['vhost', e.vhost]]);
      return e.component === 'vhost-limits' ? [...cleared, ...one('vhost.limits.cleared', [actor, ['name', e.name]])] : cleared;
    }
    case 'alarm.set': case 'alarm.cleared': return one(e.type, [['node', s.node], ['source', e.resource]]);
    default: return []; // messages' lives, purges, policy re-application: not the plugin's events
  }
}

function connectionCreated(c: ConnectionInfo, s: EventScope): Props {
  const view = s.client(c.id)?.details();
  const t = view?.protocol === 'amqp-0-9-1' ? view.tuning : undefined;
  const provided = c.clientProperties.connection_name;
  return [
    ['user_who_performed_action', c.user], ['node', s.node], ['connected_at', c.connectedAt], ['client_properties', jsonArgs(c.clientProperties)],
    ...(t ? [['channel_max', t.channelMax], ['frame_max', t.frameMax], ['timeout', t.heartbeat]] as Props : []),
    ['vhost', c.vhost], ['user', c.user], ['protocol', c.protocol === 'AMQP 0-9-1' ? '{0,9,1}' : c.protocol],
    // no TLS on Warren's listeners yet: RabbitMQ's empty TLS fields
    ['ssl_hash', ''], ['ssl_cipher', ''], ['ssl_key_exchange', ''], ['ssl_protocol', ''],
    ...(t ? [['auth_mechanism', t.mechanism]] as Props : []),
    ['peer_cert_validity', ''], ['peer_cert_issuer', ''], ['peer_cert_subject', ''], ['ssl', false],
    ...(c.peer && c.local ? [['peer_host', ipTuple(c.peer.host)], ['host', ipTuple(c.local.host)], ['peer_port', c.peer.port], ['port', c.local.port]] as Props : []),
    ['name', connectionName(c)], ['pid', pid(s.node, c.id)], ['type', 'network'],
    ...(typeof provided === 'string' ? [['user_provided_name', provided]] as Props : []),
  ];
}

/** the raw argument table when the object is still there, else its JSON (typed as the API types JSON) */
function rawOr(raw: FieldTable | undefined, json: JsonTable): FieldValue {
  return raw ? erlangEntries(raw) : jsonArgs(json);
}

/** "channel 2" -> 2 (ConsumerInfo.location, as AMQP names it) */
function channelNumber(location: string): number | undefined {
  const m = /(\d+)$/.exec(location);
  return m ? Number(m[1]) : undefined;
}
