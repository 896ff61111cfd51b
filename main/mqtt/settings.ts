// The MQTT layer's settings, as RabbitMQ's rabbitmq_mqtt plugin names them (mqtt.vhost,
// mqtt.exchange, mqtt.allow_anonymous with mqtt.default_user/default_pass, mqtt.prefetch,
// mqtt.subscription_ttl, mqtt.max_packet_size).

export interface MqttSettings {
  /** the vhost of a username without a "vhost:" prefix (mqtt.vhost) */
  defaultVhost: string;
  /** the topic exchange MQTT publishes go through and subscriptions bind to (mqtt.exchange) */
  exchange: string;
  /** other exchanges for some vhosts (RabbitMQ sets mqtt.exchange per vhost with a vhost-wide setting) */
  vhostExchanges: ReadonlyMap<string, string>;
  /** who a CONNECT without credentials logs in as; null refuses it (mqtt.allow_anonymous = false) */
  anonymous: { user: string; password: string } | null;
  /** unacknowledged QoS 1/2 deliveries per session unless MQTT 5's receive maximum asks fewer (mqtt.prefetch) */
  prefetch: number;
  /** how long a persistent session's queues outlive their client, in ms (mqtt.subscription_ttl) */
  subscriptionTtl: number;
  /** the largest packet accepted, in bytes; larger ones close the connection before they are buffered */
  maxPacketSize: number;
  /** how long a new connection may take to send CONNECT, ms */
  connectTimeout: number;
  /** a client that reads none of what is waiting for it this long is dropped, ms (as AMQP's) */
  sendTimeout: number;
}

export const DEFAULT_MQTT_SETTINGS: MqttSettings = {
  defaultVhost: '/',
  exchange: 'amq.topic',
  vhostExchanges: new Map(),
  anonymous: { user: 'guest', password: 'guest' },
  prefetch: 10,
  subscriptionTtl: 86_400_000,
  // RabbitMQ 3.10 takes up to MQTT's own limit (256 MB); Warren keeps a tighter default.
  maxPacketSize: 16 * 1024 * 1024,
  connectTimeout: 10_000,
  sendTimeout: 30_000,
};

export function exchangeFor(settings: MqttSettings, vhost: string): string {
  return settings.vhostExchanges.get(vhost) ?? settings.exchange;
}
