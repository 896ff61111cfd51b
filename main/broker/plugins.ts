// The RabbitMQ plugins Warren has built in (no plugin step: always on), reported where RabbitMQ
// reports its enabled plugins: GET /api/nodes (enabled_plugins, applications, exchange_types) and
// /api/overview (exchange_types). One list: whoever builds another plugin's equivalent adds it
// here. Names, descriptions and exchange type descriptions are RabbitMQ 3.10's own.
import { EXCHANGE_TYPES } from '../../shared/model/topology';

export interface BuiltInPlugin {
  name: string;
  /** the plugin's application description (its Makefile's PROJECT_DESCRIPTION) */
  description: string;
  /** the exchange types it registers, with their descriptions */
  exchangeTypes?: Record<string, string>;
}

/** Versions as the RabbitMQ Warren answers for (the delayed-message plugin versions apart, as it does). */
export const PLUGIN_VERSION = '3.10.8';

export const BUILT_IN_PLUGINS: readonly BuiltInPlugin[] = [
  { name: 'rabbitmq_consistent_hash_exchange', description: 'Consistent Hash Exchange Type', exchangeTypes: { 'x-consistent-hash': 'Consistent Hashing Exchange' } },
  { name: 'rabbitmq_delayed_message_exchange', description: 'RabbitMQ Delayed Message Exchange', exchangeTypes: { 'x-delayed-message': 'Delayed Message Exchange.' } },
  { name: 'rabbitmq_event_exchange', description: 'Event Exchange Type' },
  { name: 'rabbitmq_management', description: 'RabbitMQ Management Console' },
  { name: 'rabbitmq_management_agent', description: 'RabbitMQ Management Agent' },
  { name: 'rabbitmq_mqtt', description: 'RabbitMQ MQTT Adapter' },
  { name: 'rabbitmq_prometheus', description: '' },
  { name: 'rabbitmq_random_exchange', description: 'RabbitMQ Random Exchange', exchangeTypes: { 'x-random': 'Randomly picks a binding (queue) to route via (to).' } },
  { name: 'rabbitmq_recent_history_exchange', description: 'RabbitMQ Recent History Exchange', exchangeTypes: { 'x-recent-history': 'Recent History Exchange.' } },
  // only its exchange type: sharded queues (the shards policy) are not built
  { name: 'rabbitmq_sharding', description: 'RabbitMQ Sharding Plugin', exchangeTypes: { 'x-modulus-hash': 'Modulus Hashing Exchange' } },
  { name: 'rabbitmq_shovel', description: 'Data Shovel for RabbitMQ' },
  { name: 'rabbitmq_shovel_management', description: 'Management extension for the Shovel plugin' },
  { name: 'rabbitmq_web_dispatch', description: 'RabbitMQ Web Dispatcher' },
  { name: 'rabbitmq_web_mqtt', description: 'RabbitMQ MQTT-over-WebSockets adapter' },
];

const CORE_EXCHANGE_TYPES: Record<string, string> = {
  direct: 'AMQP direct exchange, as per the AMQP specification',
  fanout: 'AMQP fanout exchange, as per the AMQP specification',
  headers: 'AMQP headers exchange, as per the AMQP specification',
  topic: 'AMQP topic exchange, as per the AMQP specification',
};

/** enabled_plugins: the names, sorted as rabbit_plugins:read_enabled gives them */
export const enabledPluginNames = (): string[] => BUILT_IN_PLUGINS.map((p) => p.name);

/** A node's applications (rabbit_mgmt_external_stats: {name, description, version}, by name): the
 *  broker itself, then the plugins; the management UI lists the plugins from these. */
export function applications(): Array<{ name: string; description: string; version: string }> {
  return [{ name: 'rabbit', description: 'RabbitMQ', version: PLUGIN_VERSION }, ...BUILT_IN_PLUGINS.map((p) => ({ name: p.name, description: p.description, version: PLUGIN_VERSION }))]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** exchange_types: every type Warren accepts, as RabbitMQ lists its registered ones */
export function exchangeTypes(): Array<{ name: string; description: string; enabled: boolean }> {
  const described: Record<string, string> = { ...CORE_EXCHANGE_TYPES };
  for (const p of BUILT_IN_PLUGINS) Object.assign(described, p.exchangeTypes);
  return (EXCHANGE_TYPES as readonly string[]).map((name) => ({ name, description: described[name] ?? '', enabled: true }));
}
