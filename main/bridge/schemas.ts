// zod schemas for every command's request. Each is typed against the contract, so a schema that
// drifts from shared/ipc/contract.ts fails to compile. Limits are RabbitMQ's: names are short
// strings (at most 255 bytes), numeric arguments non-negative integers.
import { z } from 'zod';
import type { CommandName, Req } from '../../shared/ipc/contract';
import type { TypedValue } from '../../shared/model/messages';
import { QUEUE_ARGUMENTS, type QueueArgument } from '../../shared/model/queue-arguments';
import type { JsonTable, JsonValue } from '../../shared/model/topology';

/** AMQP shortstr: names, keys and short properties are at most this many bytes */
const SHORTSTR_MAX = 255;
/** the priority property is an octet */
const PRIORITY_MAX = 255;
/** a close reason travels in connection.close's shortstr with RabbitMQ's prefix before it */
const REASON_MAX = 200;
/** a property's name (the longest, content_encoding, is 16) */
const PROPERTY_NAME_MAX = 64;
/** a header or argument string: long enough for any real value, small enough to keep a request small */
const LONGSTR_MAX = 65_535;
/** entries of an argument table or array, and headers of a message: far above real use */
const TABLE_ENTRIES_MAX = 64;
const ARRAY_ITEMS_MAX = 256;
/** a published body: the IPC message carries it whole (as text or base64) */
const BODY_MAX = 8 * 1024 * 1024;
/** messages one browser action may touch; an export holds its messages in memory at once */
const SEQS_MAX = 100_000;
const EXPORT_MAX = 10_000;
/** rows of a browser page or a trace listing: what a table can show */
const PAGE_MAX = 1000;
/** search and filter texts */
const FILTER_TEXT_MAX = 1000;
/** the canvas positions of one vhost's nodes, and their ids (vhost + kind + name) */
const POSITIONS_MAX = 20_000;
const POSITION_ID_MAX = 600;
/** the publish job's rate and size, and the trace store's size: a desktop broker's sane bounds */
const PUBLISH_RATE_MAX = 10_000;
const COUNT_MAX = 1_000_000;
const TRACE_AGE_MAX_MS = 7 * 24 * 3_600_000;

const vhost = z.string().min(1, 'a vhost name is required').max(SHORTSTR_MAX);
/** AMQP shortstr: at most 255 bytes of UTF-8 */
const shortstr = (what: string) =>
  z.string().refine((s) => Buffer.byteLength(s) <= SHORTSTR_MAX, `${what} must be at most ${SHORTSTR_MAX} bytes`);
const entityName = (what: string) => shortstr(what).refine((s) => s.length > 0, `${what} must not be empty`);
const count = (what: string, max = 2 ** 53 - 1) =>
  z.number().int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} is too large`);

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string().max(LONGSTR_MAX), z.array(jsonValue).max(ARRAY_ITEMS_MAX), z.record(z.string().max(SHORTSTR_MAX), jsonValue)]));
const jsonTable: z.ZodType<JsonTable> = z.record(z.string().max(SHORTSTR_MAX), jsonValue)
  .refine((t) => Object.keys(t).length <= TABLE_ENTRIES_MAX, `at most ${TABLE_ENTRIES_MAX} arguments`);

/** The queue form's arguments, from the table: the form's bounds, or else the broker's. */
const queueArgumentFields = Object.fromEntries(QUEUE_ARGUMENTS.filter((a) => 'form' in a).map((a) => {
  const q = a as QueueArgument;
  const label = q.form!.label;
  const field = q.kind === 'integer'
    ? count(label, q.form!.max ?? q.max).refine((n) => n >= (q.form!.min ?? q.min ?? 0), `${label} must be at least ${q.form!.min ?? q.min}`)
    : q.kind === 'boolean' ? z.boolean()
      : q.kind === 'enum' ? z.enum(q.options as [string, ...string[]], `${label} must be one of ${q.options!.join(', ')}`)
        : shortstr(label);
  return [q.field, field.optional()];
}));

type Schemas = { [K in CommandName]: z.ZodType<Req<K>> };

const int64 = z.number().int('an int header must be a whole number').refine((n) => Number.isSafeInteger(n), 'an int header must be a safe integer');
const typedValue: z.ZodType<TypedValue> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('string'), value: z.string().max(LONGSTR_MAX) }).strict(),
  z.object({ type: z.literal('int'), value: int64 }).strict(),
  z.object({ type: z.literal('float'), value: z.number().finite() }).strict(),
  z.object({ type: z.literal('bool'), value: z.boolean() }).strict(),
  z.object({ type: z.literal('null'), value: z.null() }).strict(),
]);
const typedHeaders = z.array(z.object({ name: shortstr('a header name').refine((s) => s.length > 0, 'a header name must not be empty'), value: typedValue }).strict())
  .max(TABLE_ENTRIES_MAX, `at most ${TABLE_ENTRIES_MAX} headers`);
const queueName = entityName('the queue name');
const seqs = z.array(count('a sequence number')).max(SEQS_MAX, `at most ${SEQS_MAX} messages at once`);
const properties = z.object({
  contentType: shortstr('content type').optional(),
  contentEncoding: shortstr('content encoding').optional(),
  deliveryMode: z.union([z.literal(1), z.literal(2)], 'delivery mode must be 1 (transient) or 2 (persistent)').optional(),
  priority: count('priority', PRIORITY_MAX).optional(),
  correlationId: shortstr('correlation id').optional(),
  replyTo: shortstr('reply-to').optional(),
  // RabbitMQ: expiration is a string holding a non-negative integer of milliseconds
  expiration: z.string().regex(/^\d{1,10}$/, 'expiration must be a whole number of milliseconds').optional(),
  messageId: shortstr('message id').optional(),
  timestamp: count('timestamp').optional(),
  type: shortstr('type').optional(),
  userId: shortstr('user id').optional(),
  appId: shortstr('app id').optional(),
}).strict();
const publishFields = {
  vhost,
  exchange: shortstr('the exchange name'),
  routingKey: shortstr('the routing key'),
  mandatory: z.boolean(),
  properties,
  headers: typedHeaders,
  body: z.string().max(BODY_MAX, `the body must be at most ${BODY_MAX / 1024 / 1024} MB`),
  bodyEncoding: z.enum(['text', 'base64']),
};
const filter = z.object({
  text: z.string().max(FILTER_TEXT_MAX).optional(),
  header: z.object({ name: z.string().min(1).max(SHORTSTR_MAX), value: z.string().max(FILTER_TEXT_MAX).optional() }).strict().optional(),
  property: z.object({ name: z.string().min(1).max(PROPERTY_NAME_MAX), value: z.string().max(FILTER_TEXT_MAX) }).strict().optional(),
}).strict();

const bind = z.object({
  vhost,
  source: entityName('the source exchange'),
  destination: entityName('the destination'),
  destinationType: z.enum(['queue', 'exchange']),
  routingKey: shortstr('the routing key'),
  arguments: jsonTable,
}).strict();

export const requestSchemas: Schemas = {
  getSnapshot: z.object({ vhost }).strict(),
  declareExchange: z.object({
    vhost,
    name: entityName('the exchange name'),
    type: z.enum(['direct', 'fanout', 'topic', 'headers'], 'type must be direct, fanout, topic or headers'),
    durable: z.boolean(),
    autoDelete: z.boolean(),
    internal: z.boolean(),
    alternateExchange: shortstr('the alternate exchange').optional(),
  }).strict(),
  deleteExchange: z.object({ vhost, name: entityName('the exchange name'), ifUnused: z.boolean().optional() }).strict(),
  declareQueue: z.object({
    vhost,
    name: shortstr('the queue name'),
    durable: z.boolean(),
    exclusive: z.boolean(),
    autoDelete: z.boolean(),
    ...queueArgumentFields,
  }).strict(),
  deleteQueue: z.object({ vhost, name: entityName('the queue name'), ifUnused: z.boolean().optional(), ifEmpty: z.boolean().optional() }).strict(),
  purgeQueue: z.object({ vhost, name: entityName('the queue name') }).strict(),
  bind,
  unbind: bind,
  getLayout: z.object({ vhost }).strict(),
  saveLayout: z.object({
    vhost,
    positions: z.record(z.string().max(POSITION_ID_MAX), z.object({ x: z.number().finite(), y: z.number().finite() }).strict())
      .refine((p) => Object.keys(p).length <= POSITIONS_MAX, 'too many positions'),
  }).strict(),
  closeConnection: z.object({ id: z.string().min(1).max(SHORTSTR_MAX), reason: z.string().max(REASON_MAX).optional() }).strict(),
  explainRoute: z.object({
    vhost, exchange: shortstr('the exchange name'), routingKey: shortstr('the routing key'), headers: typedHeaders.optional(), mandatory: z.boolean().optional(),
  }).strict(),
  listConnections: z.object({ vhost }).strict(),
  browseQueue: z.object({
    vhost, queue: queueName, offset: count('offset'), limit: count('limit', PAGE_MAX).refine((n) => n > 0, `limit must be 1 to ${PAGE_MAX}`), filter: filter.optional(),
  }).strict(),
  exportMessages: z.object({ vhost, queue: queueName, seqs: seqs.max(EXPORT_MAX, `export at most ${EXPORT_MAX} messages at once`) }).strict(),
  deleteMessages: z.object({ vhost, queue: queueName, seqs }).strict(),
  moveMessages: z.object({
    vhost, queue: queueName, seqs, copy: z.boolean(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('exchange'), name: shortstr('the exchange name'), routingKey: shortstr('the routing key').optional() }).strict(),
      z.object({ kind: z.literal('queue'), name: queueName }).strict(),
    ]),
  }).strict(),
  publish: z.object(publishFields).strict(),
  startPublishJob: z.object({
    ...publishFields,
    rate: z.number().positive('rate must be above 0').max(PUBLISH_RATE_MAX, `rate must be at most ${PUBLISH_RATE_MAX} a second`),
    count: count('count', COUNT_MAX).refine((n) => n > 0, 'count must be at least 1'),
  }).strict(),
  cancelPublishJob: z.object({ id: count('job id') }).strict(),
  getTraceStatus: z.object({}).strict(),
  setTraceSettings: z.object({
    enabled: z.boolean().optional(),
    maxMessages: count('max messages', COUNT_MAX).refine((n) => n > 0, 'keep at least 1 message').optional(),
    maxAgeMs: count('max age', TRACE_AGE_MAX_MS).refine((n) => n >= 1000, 'keep traces at least 1 s').optional(),
    maxPerSecond: count('traces per second', COUNT_MAX).refine((n) => n > 0, 'trace at least 1 message a second').optional(),
  }).strict(),
  listTraces: z.object({ vhost, limit: count('limit', PAGE_MAX), search: z.string().max(SHORTSTR_MAX).optional() }).strict(),
  getTrace: z.object({ vhost, messageId: count('message id') }).strict(),
};

/** "name: must not be empty; durable: expected boolean" */
export function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
