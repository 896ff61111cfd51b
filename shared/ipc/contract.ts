// The one contract between the UI and main. Commands map a name to request and response types;
// results are values (`Result`), never thrown errors, because errors lose their type when they
// cross a process boundary. Event streams map a name to a payload. The Electron preload, the
// ipcMain handlers, the WebSocket server, the renderer's clients and the runtime allowlist all
// derive from the two maps below.
import type {
  ImportSummary, PermissionRow, PolicyApplyTo, PolicyKind, PolicyRow, TopicPermissionRow, UserRow, VhostRow, WhoAmI,
} from '../model/admin';
import type { DeadLetterReason } from '../model/events';
import type {
  BrowsePage, ExportedMessage, MessageFilter, MoveTarget, PublishJob, PublishOutcome, PublishRequest, TypedHeader,
} from '../model/messages';
import type { LessonCheck, LessonProgress, LessonSummary } from '../model/lessons';
import type { QueueArgumentFields } from '../model/queue-arguments';
import type { ReplyCodeName } from '../model/reply-codes';
import type { MqttPublishRequest, MqttRouteExplanation, RetainedListing, RetainedValue } from '../model/mqtt';
import type {
  ClusterNode, DeadLetterReturn, DefinitionsDiff, FirehoseStatus, ProfileInfo, ProfileInput, TargetInfo,
} from '../model/remote';
import type { RouteExplanation } from '../model/route';
import type { ShovelRow } from '../model/shovels';
import type { SimulatedClient, SimulatedSpec } from '../model/simulate';
import type {
  BindingInfo, ConnectionInfo, ConsumerInfo, DelayedList, ExchangeInfo, ExchangeType, JsonTable, ProtocolView, QueueInfo,
} from '../model/topology';
import type { Trace, TraceSettings, TraceStatus, TraceSummary } from '../model/trace';

// ---- results -----------------------------------------------------------------------------------

/** RabbitMQ's reply names (shared/model/reply-codes.ts), plus what the bridge itself can refuse with,
 *  and CANCELLED: the user declined the window's confirmation of a change (nothing was sent). */
export type ErrorCode = ReplyCodeName | 'BAD_REQUEST' | 'UNKNOWN_COMMAND' | 'DISCONNECTED' | 'CANCELLED';

export interface CommandError {
  code: ErrorCode;
  message: string;
  /** AMQP reply code when the broker raised it (403, 404, 406, ...) */
  replyCode?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, replyCode?: number): Result<never> =>
  ({ ok: false, error: replyCode === undefined ? { code, message } : { code, message, replyCode } });

// ---- topology ----------------------------------------------------------------------------------

/** Which connection published to which exchange recently (producers are not declared in AMQP,
 *  so the bridge learns them from traffic). */
export interface PublisherLink {
  connectionId: string;
  exchange: string;
}

export interface TopologySnapshot {
  vhost: string;
  vhosts: string[];
  /** the vhost's sandbox clock (1: real time; absent: a broker without one) */
  clockScale?: number;
  exchanges: ExchangeInfo[];
  queues: QueueInfo[];
  bindings: BindingInfo[];
  connections: ConnectionInfo[];
  consumers: ConsumerInfo[];
  publishers: PublisherLink[];
}

export type { Overflow, QueueType } from '../model/queue-arguments';

export interface ExchangeDeclareRequest {
  vhost: string;
  name: string;
  type: ExchangeType;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  alternateExchange?: string;
  /** the plugin types' arguments (hash-header, x-recent-history-length, x-delayed-type, ...) */
  arguments?: JsonTable;
}

/** The queue form: each x-argument of shared/model/queue-arguments.ts as its own optional field. */
export type QueueDeclareRequest = QueueArgumentFields & {
  vhost: string;
  name: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
};

export interface BindRequest {
  vhost: string;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  /** header match for headers exchanges: { 'x-match': 'all' | 'any', key: value, ... } */
  arguments: JsonTable;
}

/** The routing-key debugger's question (a dry run: nothing is published). */
export interface RouteQuestion {
  vhost: string;
  exchange: string;
  routingKey: string;
  headers?: TypedHeader[];
  mandatory?: boolean;
}

/** A connection with what it holds inside (AMQP: its channels), for the connections view. */
export interface ConnectionDetail extends ConnectionInfo {
  details: ProtocolView;
}

export interface NodePosition { x: number; y: number }
/** node id (see ids.ts) -> position the user dragged it to */
export type Layout = Record<string, NodePosition>;

// ---- commands ----------------------------------------------------------------------------------

export interface Commands {
  getSnapshot: { req: { vhost: string }; res: TopologySnapshot };
  declareExchange: { req: ExchangeDeclareRequest; res: ExchangeInfo };
  deleteExchange: { req: { vhost: string; name: string; ifUnused?: boolean }; res: null };
  declareQueue: { req: QueueDeclareRequest; res: QueueInfo };
  /** res: how many messages were lost with it */
  deleteQueue: { req: { vhost: string; name: string; ifUnused?: boolean; ifEmpty?: boolean }; res: { messages: number } };
  purgeQueue: { req: { vhost: string; name: string }; res: { messages: number } };
  bind: { req: BindRequest; res: null };
  unbind: { req: BindRequest; res: null };
  getLayout: { req: { vhost: string }; res: Layout };
  saveLayout: { req: { vhost: string; positions: Layout }; res: null };
  closeConnection: { req: { id: string; reason?: string }; res: null };
  /** routing-key debugger: every binding's verdict, hops, alternate exchange, outcome */
  explainRoute: { req: RouteQuestion; res: RouteExplanation };
  listConnections: { req: { vhost: string }; res: ConnectionDetail[] };
  /** message browser: a window of a queue's messages, read without consuming or marking them */
  browseQueue: { req: { vhost: string; queue: string; offset: number; limit: number; filter?: MessageFilter }; res: BrowsePage };
  /** full messages (for export), ready or unacked, by sequence number */
  exportMessages: { req: { vhost: string; queue: string; seqs: number[] }; res: ExportedMessage[] };
  /** delete ready messages; res: how many went (unacked ones are held by consumers and skipped) */
  deleteMessages: { req: { vhost: string; queue: string; seqs: number[] }; res: { deleted: number; skipped: number } };
  /** move (take out, then publish) or copy ready messages to an exchange or a queue */
  moveMessages: { req: { vhost: string; queue: string; seqs: number[]; target: MoveTarget; copy: boolean }; res: { moved: number; unroutable: number; skipped: number } };
  publish: { req: PublishRequest; res: PublishOutcome };
  /** publish the same message `count` times at `rate` a second, in main; progress arrives as `publishJob` events */
  startPublishJob: { req: PublishRequest & { rate: number; count: number }; res: PublishJob };
  cancelPublishJob: { req: { id: number }; res: PublishJob };
  getTraceStatus: { req: Record<string, never>; res: TraceStatus };
  setTraceSettings: { req: Partial<TraceSettings>; res: TraceStatus };
  /** the most recent traced messages, newest first */
  listTraces: { req: { vhost: string; limit: number; search?: string }; res: TraceSummary[] };
  /** one message's life, by message id (any copy) or lineage */
  getTrace: { req: { vhost: string; messageId: number }; res: Trace };
  // MQTT in the window (when Warren runs MQTT; otherwise these answer NOT_FOUND, except getMqtt)
  /** whether MQTT runs, and the vhost's MQTT exchange */
  getMqtt: { req: { vhost: string }; res: { enabled: boolean; exchange: string | null } };
  /** the Retained tool: the retained topics of a vhost (the first 5,000 by name) with their values */
  listRetained: { req: { vhost: string }; res: RetainedListing };
  /** one topic's retained value and the earlier ones kept, newest first ([] when none is retained) */
  getRetained: { req: { vhost: string; topic: string }; res: RetainedValue[] };
  /** clear a topic's retained message (an empty retained PUBLISH) */
  deleteRetained: { req: { vhost: string; topic: string }; res: { deleted: boolean } };
  /** publish as an MQTT client's PUBLISH would */
  publishMqtt: { req: MqttPublishRequest; res: PublishOutcome };
  /** the routing debugger for an MQTT topic */
  explainMqttRoute: { req: { vhost: string; topic: string }; res: MqttRouteExplanation };
  // admin panels (RabbitMQ's management rules decide who may run which: command-access.ts)
  /** who the UI runs as, and which admin panels it may use */
  whoAmI: { req: Record<string, never>; res: WhoAmI };
  /** the vhosts the user may see */
  listVhosts: { req: Record<string, never>; res: VhostRow[] };
  addVhost: { req: { vhost: string }; res: { created: boolean } };
  /** closes its connections, deletes its queues and their messages */
  deleteVhost: { req: { vhost: string }; res: null };
  /** the sandbox clock: the vhost's TTL, x-expires, delays and consumer timeouts run ×1, ×10 or ×60 */
  setVhostClock: { req: { vhost: string; scale: number }; res: null };
  listUsers: { req: Record<string, never>; res: UserRow[] };
  /** create or update; no password: an existing user keeps theirs */
  putUser: { req: { name: string; password?: string; tags: string[] }; res: { created: boolean } };
  deleteUser: { req: { name: string }; res: null };
  listPermissions: { req: Record<string, never>; res: PermissionRow[] };
  setPermission: { req: PermissionRow; res: { created: boolean } };
  clearPermission: { req: { user: string; vhost: string }; res: null };
  listTopicPermissions: { req: Record<string, never>; res: TopicPermissionRow[] };
  setTopicPermission: { req: TopicPermissionRow; res: { created: boolean } };
  clearTopicPermission: { req: { user: string; vhost: string; exchange: string }; res: null };
  /** the policies (or operator policies) of the vhosts the user may see */
  listPolicies: { req: { kind: PolicyKind }; res: PolicyRow[] };
  /** `definition`: the policy's definition as JSON text (an object) */
  putPolicy: { req: { kind: PolicyKind; vhost: string; name: string; pattern: string; applyTo: PolicyApplyTo; priority: number; definition: string }; res: { created: boolean } };
  deletePolicy: { req: { kind: PolicyKind; vhost: string; name: string }; res: null };
  /** RabbitMQ's definitions JSON, whole or of one vhost */
  exportDefinitions: { req: { vhost?: string }; res: Record<string, unknown> };
  /** import definitions JSON text, whole or into one vhost */
  importDefinitions: { req: { text: string; vhost?: string }; res: ImportSummary };
  // the window's targets (shared/model/remote.ts): the embedded broker or a remote RabbitMQ
  listProfiles: { req: Record<string, never>; res: ProfileInfo[] };
  saveProfile: { req: ProfileInput; res: ProfileInfo };
  deleteProfile: { req: { id: string }; res: null };
  /** switch the window to a profile's broker (checks it answers, and who we are there);
   *  `password`: for a profile that keeps none */
  useProfile: { req: { id: string; password?: string }; res: TargetInfo };
  /** the broker the window is on now */
  getTarget: { req: Record<string, never>; res: TargetInfo };
  /** the cluster's nodes and their memory and disk alarms */
  listNodes: { req: Record<string, never>; res: ClusterNode[] };
  getFirehose: { req: { vhost: string }; res: FirehoseStatus };
  /** turn RabbitMQ's firehose on or off for a vhost (on the embedded broker: NOT_IMPLEMENTED,
   *  it has its own tracing) */
  setFirehose: { req: { vhost: string; on: boolean }; res: FirehoseStatus };
  /** what differs between two profiles' definitions (whole, or of one vhost) */
  diffDefinitions: { req: { left: string; right: string; vhost?: string }; res: DefinitionsDiff };
  /** import a profile's definitions into the embedded broker ("staging's topology on my laptop") */
  importFromProfile: { req: { id: string; vhost?: string }; res: ImportSummary };
  /** an x-delayed-message exchange's waiting messages: how many, and the first `limit` by due time */
  listDelayed: { req: { vhost: string; exchange: string; limit: number }; res: DelayedList };
  /** move up to `max` dead letters back to where they were first published (AMQP, confirmed, one at a time) */
  returnDeadLetters: { req: { vhost: string; queue: string; max: number }; res: DeadLetterReturn };
  /** dynamic shovels (rabbitmq_shovel) of the vhosts the user may see, with their states */
  listShovels: { req: Record<string, never>; res: ShovelRow[] };
  /** define a shovel: `value` is RabbitMQ's shovel parameter value (src-uri, src-queue, ...) */
  putShovel: { req: { vhost: string; name: string; value: Record<string, unknown> }; res: { created: boolean } };
  deleteShovel: { req: { vhost: string; name: string }; res: null };
  restartShovel: { req: { vhost: string; name: string }; res: null };
  // simulated producers and consumers: real AMQP connections the embedded broker runs for a learner
  /** those of the vhosts the user may see, with their states and counts */
  listSimulated: { req: Record<string, never>; res: SimulatedClient[] };
  startSimulated: { req: SimulatedSpec; res: SimulatedClient };
  /** a producer publishes one message now */
  publishSimulated: { req: { id: string }; res: SimulatedClient };
  /** drop the client's connection without closing it: its unacked messages go back to their queue */
  crashSimulated: { req: { id: string }; res: SimulatedClient };
  stopSimulated: { req: { id: string }; res: null };
  // lessons (shared/lessons) in the embedded broker's sandbox vhost `lessons`
  /** `current`: the lesson the sandbox was last started for by this broker process (null: none) */
  listLessons: { req: Record<string, never>; res: { lessons: LessonSummary[]; progress: LessonProgress; current: string | null } };
  /** reset the sandbox (delete, create, the lesson's starting topology) and check the steps */
  startLesson: { req: { id: string }; res: LessonCheck };
  /** every step's check against the sandbox now; steps that pass are remembered as completed */
  checkLesson: { req: { id: string }; res: LessonCheck };
  /** the first-run welcome: show it while it was never answered (per data directory) */
  getWelcome: { req: Record<string, never>; res: { show: boolean } };
  dismissWelcome: { req: { choice: 'lessons' | 'demo' | 'empty' }; res: null };
  /** a small demo app (topic exchange, three queues, a DLX and DLQ) in the vhost `demo` */
  loadDemo: { req: Record<string, never>; res: { vhost: string } };
}

/** Commands that change a broker: refused for a read-only profile, confirmed first by the window
 *  on a remote one. (importFromProfile changes the embedded broker, which is the user's own.) */
export const CHANGING_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'declareExchange', 'deleteExchange', 'declareQueue', 'deleteQueue', 'purgeQueue', 'bind', 'unbind', 'closeConnection',
  'deleteMessages', 'moveMessages', 'publish', 'startPublishJob', 'deleteRetained', 'publishMqtt',
  'addVhost', 'deleteVhost', 'setVhostClock', 'putUser', 'deleteUser', 'setPermission', 'clearPermission', 'setTopicPermission',
  'clearTopicPermission', 'putPolicy', 'deletePolicy', 'importDefinitions', 'setFirehose', 'returnDeadLetters',
  'putShovel', 'deleteShovel', 'restartShovel', 'startSimulated', 'publishSimulated', 'crashSimulated', 'stopSimulated',
  'startLesson', 'loadDemo',
]);

/** Commands about the window's profiles, answered by the window session whichever broker it is on. */
export const PROFILE_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'listProfiles', 'saveProfile', 'deleteProfile', 'useProfile', 'getTarget', 'diffDefinitions', 'importFromProfile',
]);

export type CommandName = keyof Commands;
export type Req<K extends CommandName> = Commands[K]['req'];
export type Res<K extends CommandName> = Commands[K]['res'];

/** The runtime allowlist: a `satisfies` check keeps it equal to the keys of Commands. */
const commandTable = {
  getSnapshot: true, declareExchange: true, deleteExchange: true, declareQueue: true, deleteQueue: true,
  purgeQueue: true, bind: true, unbind: true, getLayout: true, saveLayout: true, closeConnection: true,
  explainRoute: true, listConnections: true, browseQueue: true, exportMessages: true, deleteMessages: true, moveMessages: true,
  publish: true, startPublishJob: true, cancelPublishJob: true, getTraceStatus: true, setTraceSettings: true, listTraces: true, getTrace: true,
  getMqtt: true, listRetained: true, getRetained: true, deleteRetained: true, publishMqtt: true, explainMqttRoute: true,
  whoAmI: true, listVhosts: true, addVhost: true, deleteVhost: true, setVhostClock: true, listUsers: true, putUser: true, deleteUser: true,
  listPermissions: true, setPermission: true, clearPermission: true,
  listTopicPermissions: true, setTopicPermission: true, clearTopicPermission: true, listPolicies: true, putPolicy: true, deletePolicy: true,
  exportDefinitions: true, importDefinitions: true,
  listProfiles: true, saveProfile: true, deleteProfile: true, useProfile: true, getTarget: true, listNodes: true,
  getFirehose: true, setFirehose: true, diffDefinitions: true, importFromProfile: true, returnDeadLetters: true,
  listDelayed: true,
  listShovels: true, putShovel: true, deleteShovel: true, restartShovel: true,
  listSimulated: true, startSimulated: true, publishSimulated: true, crashSimulated: true, stopSimulated: true,
  listLessons: true, startLesson: true, checkLesson: true, getWelcome: true, dismissWelcome: true, loadDemo: true,
} satisfies Record<CommandName, true>;
export const isCommandName = (s: unknown): s is CommandName =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(commandTable, s);

// ---- event streams -----------------------------------------------------------------------------

/** One message movement the UI may animate. Compact: these arrive by the thousand. */
export type FlowEvent =
  /** Every event carries `id`: the core's message id (for 'dead', the id of the message that died,
   *  not its dead-lettered copy), so a marker on the canvas can open that message's trace. */
  /** published by `conn` (null: the broker itself) into `exchange`, then along `hops` (source, destination, destination type) */
  | { k: 'route'; id: number; conn: string | null; exchange: string; hops: Array<[string, string, 'queue' | 'exchange']> }
  | { k: 'unroutable'; id: number; conn: string | null; exchange: string; outcome: 'returned' | 'dropped' }
  | { k: 'deliver'; id: number; queue: string; conn: string; redelivered: boolean }
  | { k: 'settle'; id: number; queue: string; conn: string; outcome: 'ack' | 'nack' | 'reject'; requeue: boolean }
  | { k: 'requeue'; id: number; queue: string }
  | { k: 'dead'; id: number; queue: string; reason: DeadLetterReason; exchange: string; routingKey: string; hops: Array<[string, string, 'queue' | 'exchange']> }
  | { k: 'drop'; id: number; queue: string | null; reason: string };

export interface FlowBatch {
  vhost: string;
  /** server time (ms) of the batch */
  t: number;
  events: FlowEvent[];
  /** events that happened in this tick but were not sent (rate or size cap) */
  dropped: number;
}

export interface QueueStats {
  name: string; ready: number; unacked: number; consumers: number;
  /** running totals since the queue began (the charts take rates from their differences): messages
   *  enqueued, delivered or got, and acknowledged; absent where the broker does not say (remote) */
  totals?: { in: number; out: number; acked: number };
}

export interface FlowStats {
  vhost: string;
  t: number;
  queues: QueueStats[];
  /** edge key (see ids.ts `flowKey`) -> messages per second over the last interval */
  rates: Record<string, number>;
  /** broker events per second seen by the sampler, and how many per second reached the UI */
  eventRate: number;
  sentRate: number;
  publishers: PublisherLink[];
}

export interface Events {
  /** the vhost's topology, sent after it changes (throttled) */
  topology: TopologySnapshot;
  flow: FlowBatch;
  stats: FlowStats;
  /** a repeat-publish job's progress (a few times a second while it runs, and when it ends) */
  publishJob: PublishJob;
}

export type EventName = keyof Events;
const eventTable = { topology: true, flow: true, stats: true, publishJob: true } satisfies Record<EventName, true>;
export const isEventName = (s: unknown): s is EventName =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(eventTable, s);

// ---- transports ---------------------------------------------------------------------------------

/** WebSocket frames (JSON). Electron IPC carries the same shapes on the channels below. */
export type ClientFrame =
  | { type: 'command'; id: number; name: CommandName; req: unknown }
  | { type: 'subscribe'; vhost: string }
  | { type: 'unsubscribe' };

export type ServerFrame =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown };

export const IPC_COMMAND_CHANNEL = 'warren:command';
export const IPC_SUBSCRIBE_CHANNEL = 'warren:subscribe';
export const IPC_EVENT_CHANNEL = 'warren:event';

/** What the preload exposes on `window.warren` (built from the contract, nothing else). */
export interface PreloadApi {
  invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>>;
  /** start (or switch) the event streams for a vhost; null stops them */
  subscribe(vhost: string | null): void;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
