// Every queue argument Warren understands, once. The broker's validation, redeclare equivalence
// and queue settings, the contract's declare request and its schema, the UI's queue form and the
// canvas badges are all derived from this table: a new argument is one entry here plus the
// queue code that acts on it. Pure data (the renderer imports it).

/** integer: any AMQP integer type, min..max; string: a long string (or bytes); boolean;
 *  enum: a string among `options` */
export type QueueArgumentKind = 'integer' | 'string' | 'boolean' | 'enum';

/** How an argument and a policy setting the same thing combine (RabbitMQ's res_min / res_arg). */
export type PolicyCombine = 'min' | 'argument-wins';

export interface QueueArgument {
  /** the x-argument as clients send it */
  readonly arg: string;
  /** its name in the UI's declare request and in the queue's settings */
  readonly field: string;
  readonly kind: QueueArgumentKind;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
  /** RabbitMQ's term for a value outside `options`; {value} stands for the value */
  readonly invalid?: string;
  /** false: compared on redeclare, never validated (RabbitMQ accepts what Warren ignores) */
  readonly validated?: false;
  /** a redeclare with a different value fails (values compare across integer widths), unless
   *  'ignored' (RabbitMQ's equivalence check skips arguments it lets change) */
  readonly redeclare?: 'ignored';
  /** the setting when the argument is absent */
  readonly default?: string | boolean;
  /** the policy key that may set it too, and how the two combine (main/broker/queues/queue-arguments.ts) */
  readonly policy?: { readonly key: string; readonly combine: PolicyCombine };
  /** the queue form's field: label, section, and the form's own bounds where they are tighter */
  readonly form?: {
    readonly label: string; readonly section: 'type' | 'dead-lettering' | 'limits';
    readonly min?: number; readonly max?: number; readonly placeholder?: string;
    /** offer the vhost's exchange names */
    readonly suggest?: 'exchanges';
  };
  /** the canvas badge: prefix (alone for a true boolean), unit of the value, hover text */
  readonly badge?: { readonly text: string; readonly title: string; readonly unit?: 'ms' | 'B'; readonly tone?: 'dlx' | 'warn' | 'info' };
}

/** RabbitMQ's largest timer: TTLs and expiry above it are refused by its management API. */
const MAX_TIMER_MS = 2 ** 32 - 1;

/** In the order RabbitMQ's management UI lists them. */
export const QUEUE_ARGUMENTS = [
  { arg: 'x-queue-type', field: 'queueType', kind: 'enum', options: ['classic', 'quorum', 'stream'], default: 'classic',
    invalid: `"unsupported queue type '{value}'"`, form: { label: 'Queue type', section: 'type' },
    badge: { text: '', title: 'queue type', tone: 'info' } },
  { arg: 'x-message-ttl', field: 'messageTtl', kind: 'integer', min: 0, policy: { key: 'message-ttl', combine: 'min' },
    form: { label: 'Message TTL (ms)', section: 'limits', max: MAX_TIMER_MS },
    badge: { text: 'TTL', unit: 'ms', title: 'messages expire after this long' } },
  { arg: 'x-expires', field: 'expires', kind: 'integer', min: 1, policy: { key: 'expires', combine: 'min' },
    form: { label: 'Queue expires after (ms unused)', section: 'limits', max: MAX_TIMER_MS },
    badge: { text: 'exp', unit: 'ms', title: 'the queue is deleted after this long unused' } },
  // RabbitMQ 3.12's per-queue consumer timeout (3.10 has only the node-wide one): an unacked
  // delivery older than this closes its channel with 406.
  { arg: 'x-consumer-timeout', field: 'consumerTimeout', kind: 'integer', min: 1, policy: { key: 'consumer-timeout', combine: 'min' },
    form: { label: 'Consumer ack timeout (ms)', section: 'limits', max: MAX_TIMER_MS },
    badge: { text: 'ack≤', unit: 'ms', title: 'a consumer must acknowledge a delivery within this long' } },
  { arg: 'x-dead-letter-exchange', field: 'deadLetterExchange', kind: 'string', policy: { key: 'dead-letter-exchange', combine: 'argument-wins' },
    form: { label: 'Dead-letter exchange', section: 'dead-lettering', placeholder: '(none)', suggest: 'exchanges' },
    badge: { text: 'DLX', title: 'dead letters go to this exchange', tone: 'dlx' } },
  { arg: 'x-dead-letter-routing-key', field: 'deadLetterRoutingKey', kind: 'string', policy: { key: 'dead-letter-routing-key', combine: 'argument-wins' },
    form: { label: 'Dead-letter routing key', section: 'dead-lettering', placeholder: "(the message's own)" },
    badge: { text: 'DLK', title: 'dead letters are republished with this routing key', tone: 'dlx' } },
  { arg: 'x-max-length', field: 'maxLength', kind: 'integer', min: 0, policy: { key: 'max-length', combine: 'min' },
    form: { label: 'Max length (messages)', section: 'limits' },
    badge: { text: 'max', title: 'at most this many ready messages', tone: 'warn' } },
  { arg: 'x-max-length-bytes', field: 'maxLengthBytes', kind: 'integer', min: 0, policy: { key: 'max-length-bytes', combine: 'min' },
    form: { label: 'Max length (bytes)', section: 'limits' },
    badge: { text: 'max', unit: 'B', title: 'at most this many bytes of ready message bodies', tone: 'warn' } },
  { arg: 'x-overflow', field: 'overflow', kind: 'enum', options: ['drop-head', 'reject-publish', 'reject-publish-dlx'], default: 'drop-head',
    invalid: 'invalid_overflow', policy: { key: 'overflow', combine: 'argument-wins' },
    form: { label: 'Overflow', section: 'limits' },
    badge: { text: '', title: 'what happens when full' } },
  { arg: 'x-max-priority', field: 'maxPriority', kind: 'integer', min: 0, max: 255,
    form: { label: 'Max priority (1–255)', section: 'limits', min: 1 },
    badge: { text: 'prio', title: 'messages are delivered highest priority first' } },
  { arg: 'x-delivery-limit', field: 'deliveryLimit', kind: 'integer', min: 0, policy: { key: 'delivery-limit', combine: 'min' },
    form: { label: 'Delivery limit (quorum)', section: 'limits' },
    badge: { text: 'limit', title: 'dead-lettered after this many redeliveries' } },
  { arg: 'x-single-active-consumer', field: 'singleActiveConsumer', kind: 'boolean', default: false,
    form: { label: 'single active consumer', section: 'limits' },
    badge: { text: 'SAC', title: 'one consumer at a time gets the messages' } },
  { arg: 'x-queue-mode', field: 'queueMode', kind: 'enum', options: ['default', 'lazy'], default: 'default',
    invalid: 'invalid_queue_mode', policy: { key: 'queue-mode', combine: 'argument-wins' } },
  { arg: 'x-queue-master-locator', field: 'queueMasterLocator', kind: 'string', validated: false,
    policy: { key: 'queue-master-locator', combine: 'argument-wins' } },
] as const satisfies readonly QueueArgument[];

type Entry = (typeof QUEUE_ARGUMENTS)[number];

/** The value type an entry's argument reads as. */
type ValueOf<E> = E extends { kind: 'integer' } ? number
  : E extends { kind: 'boolean' } ? boolean
    : E extends { options: readonly (infer O)[] } ? O
      : string;

export type Overflow = ValueOf<Extract<Entry, { field: 'overflow' }>>;
export type QueueType = ValueOf<Extract<Entry, { field: 'queueType' }>>;

/** The arguments the queue form offers, as optional fields of the declare request. */
export type QueueArgumentFields = { -readonly [E in Extract<Entry, { form: object }> as E['field']]?: ValueOf<E> };

/** A queue's arguments read into typed settings: absent ones are undefined unless they have a default. */
export type QueueSettings = {
  readonly [E in Entry as E['field']]: E extends { default: unknown } ? ValueOf<E> : ValueOf<E> | undefined
};

export const QUEUE_ARGUMENT_BY_NAME: ReadonlyMap<string, QueueArgument> = new Map(QUEUE_ARGUMENTS.map((a) => [a.arg, a]));

/** Declare-request fields -> x-arguments as JSON, in the table's order. */
export function argumentsOf(fields: QueueArgumentFields): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const a of QUEUE_ARGUMENTS) {
    const v = (fields as Record<string, string | number | boolean | undefined>)[a.field];
    if (v !== undefined) out[a.arg] = v;
  }
  return out;
}
