// The plugin exchange types' own arguments, as fields of the exchange form: what each means, how it
// is entered, and the table sent with exchange.declare. The broker checks them again (RabbitMQ's
// 406 texts); the form catches what it can say sooner. A type not offered yet (x-delayed-message
// until the broker accepts it) simply has no option in the type list.
import type { JsonTable } from '../../../shared/model/topology';

export interface ArgumentField {
  key: string;
  label: string;
  kind: 'text' | 'integer' | 'select';
  /** a select's choices ('' stands for none where the argument is optional) */
  options?: readonly string[];
  required?: boolean;
  hint: string;
}

export interface PluginTypeHelp {
  /** one line on what the type does */
  about: string;
  fields: readonly ArgumentField[];
}

/** the base types a delayed-message exchange routes as (RabbitMQ's x-delayed-type) */
export const DELAYED_BASE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

export const PLUGIN_TYPES: Readonly<Record<string, PluginTypeHelp>> = {
  'x-consistent-hash': {
    about: 'Spreads messages over its bindings by a hash of the routing key; each binding\'s routing key is its weight (a positive integer).',
    fields: [
      { key: 'hash-header', label: 'Hash header', kind: 'text', hint: 'hash this header\'s value instead of the routing key' },
      { key: 'hash-property', label: 'Hash property', kind: 'select', options: ['', 'message_id', 'correlation_id', 'timestamp'], hint: 'or hash this message property (not both)' },
    ],
  },
  'x-random': { about: 'Sends each message to one of its bindings, picked at random; routing keys are ignored.', fields: [] },
  'x-recent-history': {
    about: 'Routes like fanout and keeps the latest messages, handing them to each queue bound later.',
    fields: [{ key: 'x-recent-history-length', label: 'History length', kind: 'integer', hint: 'messages kept (RabbitMQ\'s default: 20)' }],
  },
  'x-modulus-hash': { about: 'Picks a binding by the routing key\'s hash modulo the number of bindings (rabbitmq_sharding\'s type).', fields: [] },
  'x-delayed-message': {
    about: 'Holds each message for its x-delay header (milliseconds), then routes it as the delayed type does.',
    fields: [{ key: 'x-delayed-type', label: 'Delayed type', kind: 'select', options: DELAYED_BASE_TYPES, required: true, hint: 'how messages are routed once their delay is over' }],
  },
};

/** The arguments table from the fields' texts, or what is wrong with them. */
export function pluginArguments(type: string, values: Readonly<Record<string, string>>): JsonTable | string {
  const out: JsonTable = {};
  for (const f of PLUGIN_TYPES[type]?.fields ?? []) {
    const v = (values[f.key] ?? (f.required ? f.options?.[0] : undefined) ?? '').trim();
    if (v === '') {
      if (f.required) return `${f.label} is required`;
      continue;
    }
    if (f.kind === 'integer') {
      if (!/^\d+$/.test(v) || Number(v) <= 0) return `${f.label} must be a positive integer`;
      out[f.key] = Number(v);
    } else out[f.key] = v;
  }
  if ('hash-header' in out && 'hash-property' in out) return 'Give a hash header or a hash property, not both';
  return out;
}
