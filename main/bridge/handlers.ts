// The contract's command handlers, shared by Electron IPC and the WebSocket. Every request is
// validated with zod; broker errors (ChannelError/ConnectionError) become error results with
// RabbitMQ's reply name and text; nothing thrown here ever crosses the boundary.
import {
  fail, isCommandName, ok, type CommandError, type CommandName, type Commands, type PublisherLink, type Req, type Res, type Result,
} from '../../shared/ipc/contract';
import type { Broker } from '../broker/broker';
import { BrokerError, Reply } from '../broker/errors';
import type { Principal } from './command-access';
import { jsonToTable } from '../broker/field-json';
import { str } from '../broker/field-values';
import type { FieldTable } from '../../shared/model/amqp-values';
import { exchangeInfo, queueInfo } from '../broker/snapshot';
import type { VHost } from '../broker/vhost';
import { createAdminHandlers } from './admin-handlers';
import { createExplorerHandlers } from './explorer-handlers';
import { createLocalTargetHandlers } from './local-target-handlers';
import type { ClusterNode } from '../../shared/model/remote';
import { InvalidInput } from './invalid-input';
import { createMqttHandlers, type MqttTools } from './mqtt-handlers';
import { createShovelHandlers } from './shovel-handlers';
import { createSimulateHandlers } from './simulate-handlers';
import type { Simulation } from '../simulate/simulation';
import type { LayoutStore } from './layout-store';
import { createLessonHandlers } from '../lessons/lesson-handlers';
import { MemoryLessonStateStore, type LessonStateStore } from '../lessons/lesson-state';
import { NotFound } from './not-found';
import type { PublishJobs } from './publish';
import { describeIssues, requestSchemas } from './schemas';
import { queueArguments, snapshotOf } from './topology';
import type { TraceStore } from './trace-store';

/** how much of an unknown command's name the error echoes: enough to recognise it, never a flood */
const ECHO_MAX = 64;

export interface HandlerDeps {
  broker: Broker;
  /** Warren's version (exported definitions name it) */
  version: string;
  layouts: LayoutStore;
  /** producers learned from traffic (see sampler.ts) */
  publishers(vhost: string): PublisherLink[];
  jobs: PublishJobs;
  tracer: TraceStore;
  /** the MQTT layer's tools for the window, when Warren runs MQTT */
  mqtt?: MqttTools | null;
  /** this node's memory and disk readings (the server's resource monitor); absent: process RSS only */
  nodes?: () => ClusterNode[];
  /** the window's simulated clients (the server's, on its AMQP listener); absent: none can run */
  simulation?: Simulation | null;
  /** lesson progress and the welcome's answer; absent: in memory, the welcome already answered */
  lessons?: LessonStateStore;
}

/** `principal`: who runs it (null: the trusted Electron window); most handlers need not know. */
type Handler<K extends CommandName> = (req: Req<K>, principal: Principal | null) => Res<K> | Promise<Res<K>>;
export type Handlers = { [K in CommandName]: Handler<K> };

export function createHandlers({ broker, version, layouts, publishers, jobs, tracer, mqtt = null, nodes, simulation = null, lessons }: HandlerDeps): Handlers {
  const vh = (name: string): VHost => {
    const v = broker.vhost(name);
    if (!v) throw new NotFound(`no vhost '${name}'`);
    return v;
  };
  return {
    getSnapshot: ({ vhost }) => snapshotOf(broker, vh(vhost), publishers(vhost)),
    ...createLocalTargetHandlers(broker, nodes),
    ...createShovelHandlers(broker),
    ...createSimulateHandlers(broker, simulation),
    declareExchange: (r) => {
      const args: FieldTable = [];
      if (r.alternateExchange) args.push(['alternate-exchange', str(r.alternateExchange)]);
      args.push(...jsonToTable(r.arguments ?? {}));
      const x = vh(r.vhost).declareExchange({
        name: r.name, type: r.type, passive: false, durable: r.durable, autoDelete: r.autoDelete, internal: r.internal, args,
      });
      return exchangeInfo(x);
    },
    deleteExchange: ({ vhost, name, ifUnused }) => {
      const v = vh(vhost);
      if (!v.exchange(name)) throw new NotFound(`no exchange '${name}' in vhost '${vhost}'`);
      v.deleteExchange(name, ifUnused ?? false);
      return null;
    },
    declareQueue: (r) => {
      const q = vh(r.vhost).declareQueue({
        name: r.name, passive: false, durable: r.durable, exclusive: r.exclusive, autoDelete: r.autoDelete, args: queueArguments(r),
      }, null);
      return queueInfo(q);
    },
    deleteQueue: ({ vhost, name, ifUnused, ifEmpty }) => {
      const v = vh(vhost);
      if (!v.queue(name)) throw new NotFound(`no queue '${name}' in vhost '${vhost}'`);
      return { messages: v.deleteQueue(name, ifUnused ?? false, ifEmpty ?? false, null) };
    },
    purgeQueue: ({ vhost, name }) => ({ messages: vh(vhost).purgeQueue(name, null) }),
    bind: (r) => {
      const v = vh(r.vhost);
      const args = jsonToTable(r.arguments);
      if (r.destinationType === 'queue') v.bindQueue(r.destination, r.source, r.routingKey, args, null);
      else v.bindExchange(r.destination, r.source, r.routingKey, args);
      return null;
    },
    unbind: (r) => {
      const v = vh(r.vhost);
      const args = jsonToTable(r.arguments);
      if (r.destinationType === 'queue') v.unbindQueue(r.destination, r.source, r.routingKey, args, null);
      else v.unbindExchange(r.destination, r.source, r.routingKey, args);
      return null;
    },
    getLayout: ({ vhost }) => layouts.get(vhost),
    saveLayout: async ({ vhost, positions }) => { await layouts.save(vhost, positions); return null; },
    closeConnection: ({ id, reason }) => {
      const c = broker.clients.get(id);
      if (!c) throw new NotFound(`no connection '${id}'`);
      c.close({ kind: 'admin', text: reason ?? 'closed from the Warren UI' }); // AMQP: 320 CONNECTION_FORCED, as the management UI
      return null;
    },
    ...createExplorerHandlers({ broker, jobs, tracer }),
    ...createAdminHandlers({ broker, version }),
    ...createMqttHandlers(broker, mqtt),
    ...createLessonHandlers({ broker, state: lessons ?? new MemoryLessonStateStore({ welcomed: true }), simulation }),
  };
}

/** Validate and run one command. Never throws. */
/** `principal`: the logged-in browser UI user the command runs as; null for the trusted Electron window. */
export type Dispatch = (name: unknown, request: unknown, principal?: Principal | null) => Promise<Result<unknown>>;

/** Why a user may not run a command (null: it may); see command-access.ts. */
export type Authorize = (name: CommandName, request: unknown, principal: Principal) => string | null;

/** An error result for errors a handler table knows better than the bridge (a remote broker's), or null. */
export type Translate = (err: unknown) => CommandError | null;

export function createDispatch(handlers: Handlers, onInternalError?: (err: unknown) => void, authorize?: Authorize, translate?: Translate): Dispatch {
  return async (name, request, principal = null) => {
    if (!isCommandName(name)) return fail('UNKNOWN_COMMAND', `unknown command '${String(name).slice(0, ECHO_MAX)}'`);
    const parsed = requestSchemas[name].safeParse(request);
    if (!parsed.success) return fail('BAD_REQUEST', `${name}: ${describeIssues(parsed.error)}`);
    if (principal) {
      const why = authorize ? authorize(name, parsed.data, principal) : 'no authorization rules';
      if (why !== null) return fail('ACCESS_REFUSED', why, Reply.ACCESS_REFUSED);
    }
    try {
      const handler = handlers[name] as Handler<typeof name>;
      return ok(await handler(parsed.data as never, principal));
    } catch (err) {
      if (err instanceof BrokerError) return fail(err.replyName, err.replyText, err.replyCode);
      if (err instanceof NotFound) return fail('NOT_FOUND', err.message, Reply.NOT_FOUND);
      if (err instanceof InvalidInput) return fail('BAD_REQUEST', err.message);
      const known = translate?.(err);
      if (known) return { ok: false, error: known };
      onInternalError?.(err);
      return fail('INTERNAL_ERROR', `${name} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  };
}

export type { Commands };
