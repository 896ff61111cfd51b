// The contract's commands on a remote RabbitMQ (or a Warren reached over HTTP), through its
// management API. Requests are validated by the same dispatch and zod schemas as the embedded
// broker's (main/bridge/handlers.ts createDispatch); only the handler table differs. What the API
// cannot do says why, as NOT_IMPLEMENTED; a read-only profile refuses every change here too.
import { CHANGING_COMMANDS, fail, type CommandName } from '../../shared/ipc/contract';
import { argumentsOf } from '../../shared/model/queue-arguments';
import type { JsonTable } from '../../shared/model/topology';
import { Reply } from '../broker/errors';
import { createDispatch, type Dispatch, type Handlers } from '../bridge/handlers';
import { InvalidInput } from '../bridge/invalid-input';
import { NotFound } from '../bridge/not-found';
import { NO_SIMULATION, notHere, SESSION_COMMANDS } from '../bridge/not-here';
import type { AmqpTarget } from './amqp-connect';
import { returnDeadLetters } from './dead-letter-return';
import { explainRemote } from './explain-remote';
import { typedHeadersToTable } from '../bridge/message-view';
import type { Firehoses } from './firehoses';
import type { LayoutStore } from '../bridge/layout-store';
import { apiPath, RemoteError, type ManagementClient } from './management-client';
import { createRemoteAdminHandlers } from './remote-admin-handlers';
import { createRemoteShovelHandlers } from './remote-shovel-handlers';
import { remoteConnections } from './remote-connections';
import { remoteFailure } from './remote-errors';
import { fetchVhostData } from './remote-fetch';
import { browseRemote, publishRemote } from './remote-messages';
import { exchangeFromApi, queueFromApi, snapshotFromApi, type ApiBinding, type ApiExchange, type ApiQueue } from './remote-topology';

export interface RemoteHandlerDeps {
  client: ManagementClient;
  /** the profile's name, as refusals name it */
  profileName: string;
  readOnly: boolean;
  layouts: LayoutStore;
  /** RabbitMQ's firehose, per vhost, as the window's live traffic and traces */
  firehoses: Firehoses;
  /** the profile's AMQP address and credentials; null: none (no firehose, no returning dead letters) */
  amqp: Omit<AmqpTarget, 'vhost' | 'name'> | null;
}

const notFound = (why: string): never => { throw new NotFound(why); };
const TRACING = 'RabbitMQ does not trace messages the way the embedded broker does: switch on its firehose for this vhost to see live traffic';
const NO_AMQP = 'this needs AMQP to the broker, and the profile has no AMQP address';
const NO_LESSONS = 'lessons run in the embedded broker\'s sandbox vhost: switch the window to this machine\'s broker';
const NO_MQTT = 'the MQTT tools work on the embedded broker; on RabbitMQ, MQTT is its plugin\'s, which the management API does not expose';

/** JSON tables compare as RabbitMQ's API writes them: key order does not matter. */
function sameTable(a: JsonTable, b: JsonTable): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

const query = (flags: Record<string, boolean | undefined>): string => {
  const on = Object.entries(flags).filter(([, v]) => v).map(([k]) => `${k}=true`);
  return on.length > 0 ? `?${on.join('&')}` : '';
};

export function createRemoteHandlers({ client, layouts, firehoses, amqp }: RemoteHandlerDeps): Handlers {
  const bindingPath = (r: { vhost: string; source: string; destination: string; destinationType: 'queue' | 'exchange' }): string =>
    `${apiPath('bindings', r.vhost, 'e', r.source, r.destinationType === 'queue' ? 'q' : 'e', r.destination)}`;
  return {
    getSnapshot: async ({ vhost }) => snapshotFromApi(await fetchVhostData(client, vhost)),
    declareExchange: async (r) => {
      const path = apiPath('exchanges', r.vhost, r.name);
      await client.put(path, {
        type: r.type, durable: r.durable, auto_delete: r.autoDelete, internal: r.internal,
        arguments: {
          ...(r.alternateExchange ? { 'alternate-exchange': r.alternateExchange } : {}),
          ...r.arguments,
        },
      });
      return exchangeFromApi(await client.get<ApiExchange>(path));
    },
    deleteExchange: async ({ vhost, name, ifUnused }) => {
      await client.delete(apiPath('exchanges', vhost, name) + query({ 'if-unused': ifUnused }));
      return null;
    },
    declareQueue: async (r) => {
      // An exclusive queue belongs to the connection that declares it; the API has none to give it.
      if (r.exclusive) throw new InvalidInput('the management API cannot declare an exclusive queue: it would belong to no connection');
      const path = apiPath('queues', r.vhost, r.name);
      await client.put(path, { durable: r.durable, auto_delete: r.autoDelete, arguments: argumentsOf(r) });
      return queueFromApi(await client.get<ApiQueue>(path));
    },
    deleteQueue: async ({ vhost, name, ifUnused, ifEmpty }) => {
      const path = apiPath('queues', vhost, name);
      // The API does not say how many went; its statistics (a few seconds old on RabbitMQ) do.
      const q = await client.get<ApiQueue>(path);
      await client.delete(path + query({ 'if-unused': ifUnused, 'if-empty': ifEmpty }));
      return { messages: (q.messages_ready ?? 0) + (q.messages_unacknowledged ?? 0) };
    },
    purgeQueue: async ({ vhost, name }) => {
      const path = apiPath('queues', vhost, name);
      const q = await client.get<ApiQueue>(path);
      await client.delete(`${path}/contents`);
      return { messages: q.messages_ready ?? 0 };
    },
    bind: async (r) => {
      await client.post(bindingPath(r), { routing_key: r.routingKey, arguments: r.arguments });
      return null;
    },
    unbind: async (r) => {
      // A binding is deleted by its properties key, which only the broker's list of them gives.
      const found = (await client.get<ApiBinding[]>(bindingPath(r)))
        .find((b) => b.routing_key === r.routingKey && sameTable(b.arguments ?? {}, r.arguments));
      if (!found?.properties_key) throw new RemoteError('not-found', `no binding from '${r.source}' to ${r.destinationType} '${r.destination}' with routing key '${r.routingKey}' in vhost '${r.vhost}'`);
      await client.delete(`${bindingPath(r)}/${encodeURIComponent(found.properties_key)}`);
      return null;
    },
    getLayout: ({ vhost }) => layouts.get(vhost),
    saveLayout: async ({ vhost, positions }) => { await layouts.save(vhost, positions); return null; },
    closeConnection: async ({ id }) => { await client.delete(apiPath('connections', id)); return null; },
    // the same walk as the embedded broker's, over the vhost's definitions as the API gives them now
    explainRoute: ({ vhost, exchange, routingKey, headers, mandatory }) =>
      explainRemote(client, vhost, { exchange, routingKey, headers: typedHeadersToTable(headers ?? []), mandatory: mandatory ?? false }),
    listConnections: ({ vhost }) => remoteConnections(client, vhost),
    browseQueue: ({ vhost, queue, offset, limit, filter }) => browseRemote(client, vhost, queue, offset, limit, filter),
    exportMessages: () => notHere('RabbitMQ cannot address one message in a queue: export what the browser shows instead'),
    deleteMessages: () => notHere('RabbitMQ cannot take one chosen message out of a queue (only the head, by a get): purge the queue, or consume them'),
    moveMessages: () => notHere('RabbitMQ cannot take chosen messages out of a queue; to move dead letters back, use "Return dead letters"'),
    publish: (r) => publishRemote(client, r),
    startPublishJob: () => notHere('repeat publishing runs on the embedded broker only: over the management API each message is one HTTP request'),
    cancelPublishJob: ({ id }) => notHere(`no publish job ${id}: repeat publishing runs on the embedded broker only`),
    getTraceStatus: () => notHere(TRACING),
    setTraceSettings: () => notHere(TRACING),
    // the Trace tool on a remote broker: what its firehose saw, while this window has it on
    listTraces: ({ vhost, limit, search }) => firehoses.listTraces(vhost, limit, search),
    getTrace: ({ vhost, messageId }) => firehoses.getTrace(vhost, messageId) ?? notFound(`no traced message ${messageId} in vhost '${vhost}': the firehose keeps the last ones it saw while on`),
    getMqtt: () => ({ enabled: false, exchange: null }),
    listRetained: () => notHere(NO_MQTT),
    getRetained: () => notHere(NO_MQTT),
    deleteRetained: () => notHere(NO_MQTT),
    publishMqtt: () => notHere(NO_MQTT),
    explainMqttRoute: () => notHere(NO_MQTT),
    // the welcome belongs to the embedded broker's first run; on a remote one it is not shown
    listLessons: () => notHere(NO_LESSONS), startLesson: () => notHere(NO_LESSONS), checkLesson: () => notHere(NO_LESSONS),
    loadDemo: () => notHere(NO_LESSONS), getWelcome: () => ({ show: false }), dismissWelcome: () => null,
    ...createRemoteAdminHandlers(client),
    ...createRemoteShovelHandlers(client),
    ...SESSION_COMMANDS,
    ...NO_SIMULATION,
    getFirehose: ({ vhost }) => firehoses.status(vhost),
    setFirehose: ({ vhost, on }) => firehoses.set(vhost, on),
    // the plugin's management extension counts them (messages_delayed) but lists none
    listDelayed: async ({ vhost, exchange }) => {
      const x = await client.get<ApiExchange & { messages_delayed?: number }>(apiPath('exchanges', vhost, exchange));
      return { exchange, count: x.messages_delayed ?? 0, messages: [], listed: false };
    },
    returnDeadLetters: ({ vhost, queue, max }) => (amqp ? returnDeadLetters({ ...amqp, vhost, queue, max }) : notHere(NO_AMQP)),
  };
}

/** Validate and run one command on the remote broker. Never throws. */
export function createRemoteDispatch(deps: RemoteHandlerDeps, onInternalError?: (err: unknown) => void): Dispatch {
  const inner = createDispatch(createRemoteHandlers(deps), onInternalError, undefined, remoteFailure);
  return async (name, request) => {
    if (deps.readOnly && CHANGING_COMMANDS.has(name as CommandName)) {
      return fail('ACCESS_REFUSED', `profile '${deps.profileName}' is read-only`, Reply.ACCESS_REFUSED);
    }
    // The remote broker authorizes with the profile's own user: no principal is passed on.
    return inner(name, request);
  };
}

