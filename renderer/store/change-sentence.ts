// What a changing command will do, in one sentence, for the confirmation asked before it is sent
// to a remote broker ("Declare queue 'orders' on staging (RabbitMQ at host:15672)?").
import type { CommandName, Req } from '../../shared/ipc/contract';
import type { TargetInfo } from '../../shared/model/remote';

const q = (s: string): string => `'${s === '' ? '(AMQP default)' : s}'`;
const n = (k: number, one: string): string => `${k} ${k === 1 ? one : `${one}s`}`;

type Describe = { [K in CommandName]?: (r: Req<K>) => string };

const WHAT: Describe = {
  declareExchange: (r) => `Declare ${r.type} exchange ${q(r.name)} in vhost ${q(r.vhost)}`,
  deleteExchange: (r) => `Delete exchange ${q(r.name)} in vhost ${q(r.vhost)}`,
  declareQueue: (r) => `Declare queue ${r.name ? q(r.name) : '(server-named)'} in vhost ${q(r.vhost)}`,
  deleteQueue: (r) => `Delete queue ${q(r.name)} and its messages in vhost ${q(r.vhost)}`,
  purgeQueue: (r) => `Purge every ready message of queue ${q(r.name)} in vhost ${q(r.vhost)}`,
  bind: (r) => `Bind ${r.destinationType} ${q(r.destination)} to exchange ${q(r.source)} with key ${q(r.routingKey)}`,
  unbind: (r) => `Remove the binding of ${r.destinationType} ${q(r.destination)} from exchange ${q(r.source)} (key ${q(r.routingKey)})`,
  closeConnection: (r) => `Close connection ${q(r.id)}`,
  deleteMessages: (r) => `Delete ${n(r.seqs.length, 'message')} from queue ${q(r.queue)}`,
  moveMessages: (r) => `${r.copy ? 'Copy' : 'Move'} ${n(r.seqs.length, 'message')} from queue ${q(r.queue)} to ${r.target.kind} ${q(r.target.name)}`,
  publish: (r) => `Publish a message to exchange ${q(r.exchange)} with key ${q(r.routingKey)}`,
  startPublishJob: (r) => `Publish ${n(r.count, 'message')} to exchange ${q(r.exchange)} at ${r.rate}/s`,
  deleteRetained: (r) => `Clear the retained message of topic ${q(r.topic)}`,
  publishMqtt: (r) => `Publish an MQTT message to topic ${q(r.topic)}`,
  addVhost: (r) => `Add vhost ${q(r.vhost)}`,
  deleteVhost: (r) => `Delete vhost ${q(r.vhost)} with all its queues and messages`,
  setVhostClock: (r) => (r.scale === 1 ? `Set the clock of vhost ${q(r.vhost)} back to real time` : `Speed up the clock of vhost ${q(r.vhost)} ×${r.scale} (its TTLs, x-expires, delays and consumer timeouts)`),
  putUser: (r) => `Create or update user ${q(r.name)}`,
  deleteUser: (r) => `Delete user ${q(r.name)}`,
  setPermission: (r) => `Set the permissions of user ${q(r.user)} in vhost ${q(r.vhost)}`,
  clearPermission: (r) => `Clear the permissions of user ${q(r.user)} in vhost ${q(r.vhost)}`,
  setTopicPermission: (r) => `Set the topic permissions of user ${q(r.user)} on exchange ${q(r.exchange)} in vhost ${q(r.vhost)}`,
  clearTopicPermission: (r) => `Clear the topic permissions of user ${q(r.user)} on exchange ${q(r.exchange)} in vhost ${q(r.vhost)}`,
  putPolicy: (r) => `Set ${r.kind === 'operator' ? 'operator policy' : 'policy'} ${q(r.name)} in vhost ${q(r.vhost)}`,
  deletePolicy: (r) => `Delete ${r.kind === 'operator' ? 'operator policy' : 'policy'} ${q(r.name)} in vhost ${q(r.vhost)}`,
  importDefinitions: (r) => `Import definitions${r.vhost ? ` into vhost ${q(r.vhost)}` : ''}`,
  setFirehose: (r) => `Switch the firehose ${r.on ? 'on' : 'off'} in vhost ${q(r.vhost)}`,
  returnDeadLetters: (r) => `Return up to ${n(r.max, 'dead letter')} from queue ${q(r.queue)} to their exchanges`,
  putShovel: (r) => `Set shovel ${q(r.name)} in vhost ${q(r.vhost)} (it starts moving messages at once)`,
  deleteShovel: (r) => `Delete shovel ${q(r.name)} in vhost ${q(r.vhost)}`,
  restartShovel: (r) => `Restart shovel ${q(r.name)} in vhost ${q(r.vhost)}`,
  startSimulated: (r) => (r.kind === 'producer'
    ? `Start a simulated producer publishing to exchange ${q(r.spec.exchange)}${r.spec.rate > 0 ? ` at ${r.spec.rate}/s` : ''} in vhost ${q(r.spec.vhost)}`
    : `Start a simulated consumer on queue ${q(r.spec.queue)} in vhost ${q(r.spec.vhost)}`),
  publishSimulated: (r) => `Publish one message from simulated client ${q(r.id)}`,
  crashSimulated: (r) => `Crash simulated client ${q(r.id)} (its connection drops with its unacked messages)`,
  stopSimulated: (r) => `Stop simulated client ${q(r.id)}`,
  startLesson: (r) => `Reset vhost 'lessons' (every queue and message in it) and start lesson ${q(r.id)}`,
  loadDemo: () => `Add the demo app's exchanges and queues to vhost 'demo'`,
};

/** "staging (RabbitMQ at mq.example.com:15672)" */
export function whereLabel(t: TargetInfo): string {
  let host = t.managementUrl ?? '';
  try { host = new URL(host).host; } catch { /* keep it as it is */ }
  return `${t.name} (${t.product}${host ? ` at ${host}` : ''})`;
}

export function changeSentence<K extends CommandName>(name: K, req: Req<K>, target: TargetInfo): string {
  const what = (WHAT[name] as ((r: Req<K>) => string) | undefined)?.(req) ?? `Run ${name}`;
  return `${what} on ${whereLabel(target)}?`;
}
