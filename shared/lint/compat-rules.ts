// What would behave differently on the RabbitMQ or LavinMQ a user deploys to: one rule per fact,
// each saying what to do instead and the version it comes from. Sources: RabbitMQ's deprecated
// features list and the 4.0 and 4.3 release notes, the quorum queue and MQTT plugin guides,
// LavinMQ's headers exchange.
import type { LintBinding, LintChannel, LintExchange, LintPolicy, LintQueue, LintWarning } from './compat-lint';

const PLUGIN_TYPES: Record<string, string> = {
  'x-delayed-message': 'rabbitmq_delayed_message_exchange (a community plugin, installed separately)',
  'x-consistent-hash': 'rabbitmq_consistent_hash_exchange',
  'x-random': 'rabbitmq_random_exchange',
  'x-recent-history': 'rabbitmq_recent_history_exchange (a community plugin, installed separately)',
  'x-modulus-hash': 'rabbitmq_sharding',
};

const HA_KEYS = ['ha-mode', 'ha-params', 'ha-sync-mode', 'ha-sync-batch-size', 'ha-promote-on-shutdown', 'ha-promote-on-failure'];

/** a queue's argument, else its policy's key (x-overflow / overflow) */
const setting = (q: LintQueue, arg: string, key: string): unknown => q.arguments[arg] ?? q.policy?.[key];
const isQuorum = (q: LintQueue): boolean => q.arguments['x-queue-type'] === 'quorum';

export function queueRules(q: LintQueue): Omit<LintWarning, 'entity'>[] {
  const out: Omit<LintWarning, 'entity'>[] = [];
  if (!q.durable && !q.exclusive) {
    out.push({ rule: 'transient-nonexclusive-queue', since: 'RabbitMQ 4.3',
      message: 'a non-durable, non-exclusive queue: RabbitMQ 4.3 refuses to declare it by default (deprecated feature transient_nonexcl_queues)',
      fix: 'make it durable (with a queue TTL, x-expires, to clean it up) or exclusive to its connection' });
  }
  if (isQuorum(q) && setting(q, 'x-overflow', 'overflow') === 'reject-publish-dlx') {
    out.push({ rule: 'quorum-reject-publish-dlx', since: 'RabbitMQ 3.8',
      message: 'quorum queues do not support overflow reject-publish-dlx',
      fix: 'use reject-publish (publishers get a nack) or drop-head with a dead-letter exchange' });
  }
  if (isQuorum(q) && setting(q, 'x-delivery-limit', 'delivery-limit') === undefined) {
    out.push({ rule: 'quorum-delivery-limit', since: 'RabbitMQ 4.0',
      message: 'since RabbitMQ 4.0 a quorum queue has a delivery limit of 20 by default: a message redelivered 20 times is dropped, or dead-lettered if the queue has a dead-letter exchange',
      fix: 'set x-delivery-limit (or the delivery-limit policy key) to the limit you want, -1 for none, and give the queue a dead-letter exchange' });
  }
  if ('x-queue-mode' in q.arguments || q.policy?.['queue-mode'] !== undefined) {
    out.push({ rule: 'queue-mode', since: 'RabbitMQ 4.3',
      message: 'x-queue-mode (lazy queues) has had no effect since RabbitMQ 3.12, and RabbitMQ 4.3 refuses the argument',
      fix: 'remove it: classic queues keep messages on disk as lazy queues did' });
  }
  if (q.arguments['x-queue-version'] === 1) {
    out.push({ rule: 'queue-version-1', since: 'RabbitMQ 4.3', message: 'classic queue storage version 1 was removed in RabbitMQ 4.3', fix: 'remove x-queue-version (version 2 is the only one)' });
  }
  if ('x-queue-master-locator' in q.arguments || q.policy?.['queue-master-locator'] !== undefined) {
    out.push({ rule: 'queue-master-locator', since: 'RabbitMQ 4.3',
      message: 'x-queue-master-locator is deprecated and RabbitMQ 4.3 refuses it by default',
      fix: 'use x-queue-leader-locator (client-local or balanced)' });
  }
  const mirroring = HA_KEYS.filter((k) => q.policy?.[k] !== undefined);
  if (mirroring.length > 0) {
    out.push({ rule: 'mirroring-policy', since: 'RabbitMQ 4.0',
      message: `the policy applying to it mirrors classic queues (${mirroring.join(', ')}), which RabbitMQ 4.0 removed: the queue would not be replicated`,
      fix: 'declare it as a quorum queue (x-queue-type: quorum) if it must be replicated' });
  }
  if (q.mqttSubscription && q.bindingKeys.some((k) => k.includes('/'))) {
    out.push({ rule: 'mqtt-topic-dots', since: 'RabbitMQ MQTT plugin, all versions',
      message: "an MQTT subscription whose topic contains a dot: RabbitMQ swaps '/' and '.' between MQTT topics and AMQP routing keys, so dotted topics do not match as MQTT clients expect",
      fix: "use '/' as the only level separator in MQTT topics, and no '/' in AMQP routing keys meant for MQTT" });
  }
  return out;
}

export function exchangeRules(x: LintExchange): Omit<LintWarning, 'entity'>[] {
  const plugin = PLUGIN_TYPES[x.type];
  if (!plugin) return [];
  return [{ rule: 'plugin-exchange-type', since: 'RabbitMQ, any version',
    message: `type ${x.type} is built into Warren, but RabbitMQ has it only with the plugin ${plugin}; without it the declare fails with 503 COMMAND_INVALID "unknown exchange type"`,
    fix: `enable the plugin on every node (rabbitmq-plugins enable ${plugin.split(' ')[0]}) before deploying` }];
}

export function bindingRules(b: LintBinding): Omit<LintWarning, 'entity'>[] {
  const match = b.arguments['x-match'];
  if (match !== 'any-with-x' && match !== 'all-with-x') return [];
  return [{ rule: 'x-match-with-x', since: 'LavinMQ; RabbitMQ 3.10',
    message: `x-match ${match} exists only from RabbitMQ 3.10, and LavinMQ refuses it`,
    fix: `use x-match ${match === 'any-with-x' ? 'any' : 'all'} and match on headers that do not start with x-` }];
}

export function policyRules(p: LintPolicy): Omit<LintWarning, 'entity'>[] {
  const ha = HA_KEYS.filter((k) => k in p.definition);
  if (ha.length === 0) return [];
  return [{ rule: 'classic-mirroring', since: 'RabbitMQ 4.0',
    message: `classic queue mirroring (${ha.join(', ')}) was removed in RabbitMQ 4.0: the policy is refused`,
    fix: 'declare quorum queues (x-queue-type: quorum) for data that must be replicated, or streams' }];
}

export function channelRules(c: LintChannel): Omit<LintWarning, 'entity'>[] {
  if (c.globalPrefetch === 0) return [];
  return [{ rule: 'global-qos', since: 'RabbitMQ 4.3',
    message: 'basic.qos with global=true: RabbitMQ 4.3 refuses it by default (deprecated feature global_qos), and no RabbitMQ lets such a channel consume from a quorum queue (540 NOT_IMPLEMENTED)',
    fix: 'use per-consumer prefetch (basic.qos with global=false)' }];
}
