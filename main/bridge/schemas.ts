// zod schemas for every command's request. Each is typed against the contract, so a schema that
// drifts from shared/ipc/contract.ts fails to compile. Limits are RabbitMQ's: names are short
// strings (at most 255 bytes), numeric arguments non-negative integers.
import { z } from 'zod';
import type { CommandName, Req } from '../../shared/ipc/contract';
import type { TypedValue } from '../../shared/model/messages';
import { MESSAGE_PROPERTIES } from '../../shared/model/properties';
import { QUEUE_ARGUMENTS, type QueueArgument } from '../../shared/model/queue-arguments';
import { EXCHANGE_TYPES, type JsonTable, type JsonValue } from '../../shared/model/topology';

/** Request limits. AMQP's own where the protocol has one; otherwise far above real use, yet small
 *  enough that one request cannot make the broker hold a lot of memory. */
const LIMIT = {
  shortstr: 255, // AMQP shortstr: names, keys and short properties
  octet: 255, // priority is an octet
  reason: 200, // a close reason goes into a shortstr after RabbitMQ's prefix
  propertyName: 64, // the longest property name, content_encoding, has 16 characters
  longstr: 65_535, // a header or argument string
  tableEntries: 64, // arguments of a table, headers of a message
  arrayItems: 256,
  body: 8 * 1024 * 1024, // the IPC message carries the body whole, as text or base64
  seqs: 100_000, // messages one browser action may touch
  export: 10_000, // an export holds its messages in memory at once
  page: 1000, // rows of a browser page or a trace listing: what a table can show
  filterText: 1000,
  positions: 20_000, // canvas positions of one vhost's nodes
  positionId: 600, // vhost + kind + name
  publishRate: 10_000, // publish jobs and the trace store: a desktop broker's sane bounds
  count: 1_000_000,
  traceAgeMs: 7 * 24 * 3_600_000,
  tags: 32, // a user's tags
  definitions: 32 * 1024 * 1024, // a definitions file, as the API's body limit
  caPem: 64 * 1024, // a CA bundle of a few certificates
  workMs: 600_000, // a simulated consumer's processing time: ten minutes
} as const;

const vhost = z.string().min(1, 'a vhost name is required').max(LIMIT.shortstr);
/** an MQTT UTF-8 string: at most 65,535 bytes (MQTT 3.1.1 §1.5.3) */
const mqttString = (what: string) =>
  z.string().refine((s) => Buffer.byteLength(s) <= LIMIT.longstr, `${what} must be at most ${LIMIT.longstr} bytes`);
/** a topic name; its MQTT rules (no wildcards, not empty) are checked with a readable reason by the handler */
const mqttTopic = mqttString('the topic');
/** AMQP shortstr: at most 255 bytes of UTF-8 */
const shortstr = (what: string) =>
  z.string().refine((s) => Buffer.byteLength(s) <= LIMIT.shortstr, `${what} must be at most ${LIMIT.shortstr} bytes`);
const entityName = (what: string) => shortstr(what).refine((s) => s.length > 0, `${what} must not be empty`);
const count = (what: string, max = 2 ** 53 - 1) =>
  z.number().int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} is too large`);

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string().max(LIMIT.longstr), z.array(jsonValue).max(LIMIT.arrayItems), z.record(z.string().max(LIMIT.shortstr), jsonValue)]));
const jsonTable: z.ZodType<JsonTable> = z.record(z.string().max(LIMIT.shortstr), jsonValue)
  .refine((t) => Object.keys(t).length <= LIMIT.tableEntries, `at most ${LIMIT.tableEntries} arguments`);

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

// The admin panels' fields: a user name is what RabbitMQ accepts (any non-empty string); permission
// expressions and policy patterns are checked as regular expressions by the core.
const none = z.object({}).strict();
const userName = entityName('the user name');
const regexp = (what: string) => z.string().max(LIMIT.longstr, `${what} is too long`);
const profileId = z.string().min(1, 'a profile id is required').max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a profile id');
/** an absolute URL of one of `schemes`, without credentials in it (those go in their own fields) */
const httpUrl = (what: string, schemes: string[]) => z.string().max(2048, `${what} is too long`).superRefine((s, ctx) => {
  let u: URL;
  try { u = new URL(s); } catch { return void ctx.addIssue({ code: 'custom', message: `${what} is not a URL: '${s}'` }); }
  if (!schemes.includes(u.protocol)) ctx.addIssue({ code: 'custom', message: `${what} must start with ${schemes.map((x) => `${x}//`).join(' or ')}` });
  else if (u.username || u.password) ctx.addIssue({ code: 'custom', message: `put the user and password in their own fields, not in ${what}` });
});
const policyKind = z.enum(['policy', 'operator'], "kind must be 'policy' or 'operator'");

const int64 = z.number().int('an int header must be a whole number').refine((n) => Number.isSafeInteger(n), 'an int header must be a safe integer');
const typedValue: z.ZodType<TypedValue> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('string'), value: z.string().max(LIMIT.longstr) }).strict(),
  z.object({ type: z.literal('int'), value: int64 }).strict(),
  z.object({ type: z.literal('float'), value: z.number().finite() }).strict(),
  z.object({ type: z.literal('bool'), value: z.boolean() }).strict(),
  z.object({ type: z.literal('null'), value: z.null() }).strict(),
]);
const typedHeaders = z.array(z.object({ name: shortstr('a header name').refine((s) => s.length > 0, 'a header name must not be empty'), value: typedValue }).strict())
  .max(LIMIT.tableEntries, `at most ${LIMIT.tableEntries} headers`);
const queueName = entityName('the queue name');
const seqs = z.array(count('a sequence number')).max(LIMIT.seqs, `at most ${LIMIT.seqs} messages at once`);
/** The publish form's properties, from the property table; two have RabbitMQ's own rules. */
const properties = z.object({
  ...Object.fromEntries(MESSAGE_PROPERTIES.filter((p) => p.type !== 'table').map((p) => {
    const what = p.api.replace('_', ' ');
    return [p.name, (p.type === 'shortstr' ? shortstr(what) : count(what, p.type === 'octet' ? LIMIT.octet : undefined)).optional()];
  })),
  deliveryMode: z.union([z.literal(1), z.literal(2)], 'delivery mode must be 1 (transient) or 2 (persistent)').optional(),
  // RabbitMQ: expiration is a string holding a non-negative integer of milliseconds
  expiration: z.string().regex(/^\d{1,10}$/, 'expiration must be a whole number of milliseconds').optional(),
}).strict();
const publishFields = {
  vhost,
  exchange: shortstr('the exchange name'),
  routingKey: shortstr('the routing key'),
  mandatory: z.boolean(),
  properties,
  headers: typedHeaders,
  body: z.string().max(LIMIT.body, `the body must be at most ${LIMIT.body / 1024 / 1024} MB`),
  bodyEncoding: z.enum(['text', 'base64']),
};
const filter = z.object({
  text: z.string().max(LIMIT.filterText).optional(),
  header: z.object({ name: z.string().min(1).max(LIMIT.shortstr), value: z.string().max(LIMIT.filterText).optional() }).strict().optional(),
  property: z.object({ name: z.string().min(1).max(LIMIT.propertyName), value: z.string().max(LIMIT.filterText) }).strict().optional(),
}).strict();

const bind = z.object({
  vhost,
  source: entityName('the source exchange'),
  destination: entityName('the destination'),
  destinationType: z.enum(['queue', 'exchange']),
  routingKey: shortstr('the routing key'),
  arguments: jsonTable,
}).strict();

// A simulated client's settings (shared/model/simulate.ts), each refused with its field named.
const chance = (what: string) => z.number().min(0, `${what} must be from 0 to 1`).max(1, `${what} must be from 0 to 1`);
const simulatedId = z.object({ id: z.string().max(32).regex(/^sim-\d+$/, 'not a simulated client id') }).strict();
const producerSpec = z.object({
  vhost, exchange: shortstr('the exchange name'),
  keyMode: z.enum(['fixed', 'round-robin', 'random-words'], "keyMode must be 'fixed', 'round-robin' or 'random-words'"),
  keys: z.array(shortstr('a routing key')).max(LIMIT.arrayItems, `at most ${LIMIT.arrayItems} keys`),
  headers: z.record(shortstr('a header name').refine((k) => k.length > 0, 'a header name must not be empty'), z.union([z.string().max(LIMIT.longstr), z.number().finite(), z.boolean()]))
    .refine((h) => Object.keys(h).length <= LIMIT.tableEntries, `at most ${LIMIT.tableEntries} headers`),
  body: z.string().max(LIMIT.longstr, `the body template must be at most ${LIMIT.longstr} characters`),
  persistent: z.boolean(),
  ttl: count('ttl', 2 ** 31 - 1).nullable(),
  priority: count('priority', LIMIT.octet).nullable(),
  rate: z.number().min(0, 'rate must not be negative').max(LIMIT.publishRate, `rate must be at most ${LIMIT.publishRate} a second`),
  mandatory: z.boolean(),
}).strict().refine((p) => p.keyMode === 'random-words' || p.keys.length > 0, { message: 'give at least one routing key', path: ['keys'] });
const consumerSpec = z.object({
  vhost, queue: queueName,
  prefetch: count('prefetch', 65_535),
  ack: z.enum(['manual', 'auto'], "ack must be 'manual' or 'auto'"),
  workMinMs: count('workMinMs', LIMIT.workMs), workMaxMs: count('workMaxMs', LIMIT.workMs),
  nackChance: chance('nackChance'), rejectChance: chance('rejectChance'),
  requeue: z.boolean(),
  priority: z.number().int('priority must be a whole number').min(-(2 ** 31), 'priority is too small').max(2 ** 31 - 1, 'priority is too large').nullable(),
  exclusive: z.boolean(),
}).strict()
  .refine((c) => c.workMaxMs >= c.workMinMs, { message: 'workMaxMs must not be below workMinMs', path: ['workMaxMs'] })
  .refine((c) => c.nackChance + c.rejectChance <= 1, { message: 'nackChance and rejectChance add up to more than 1', path: ['rejectChance'] })
  .refine((c) => c.ack === 'manual' || (c.nackChance === 0 && c.rejectChance === 0), { message: 'nacks and rejects need manual ack', path: ['ack'] });

export const requestSchemas: Schemas = {
  getSnapshot: z.object({ vhost }).strict(),
  declareExchange: z.object({
    vhost,
    name: entityName('the exchange name'),
    type: z.enum(EXCHANGE_TYPES, `type must be one of ${EXCHANGE_TYPES.join(', ')}`),
    durable: z.boolean(),
    autoDelete: z.boolean(),
    internal: z.boolean(),
    alternateExchange: shortstr('the alternate exchange').optional(),
    arguments: jsonTable.optional(),
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
    positions: z.record(z.string().max(LIMIT.positionId), z.object({ x: z.number().finite(), y: z.number().finite() }).strict())
      .refine((p) => Object.keys(p).length <= LIMIT.positions, 'too many positions'),
  }).strict(),
  closeConnection: z.object({ id: z.string().min(1).max(LIMIT.shortstr), reason: z.string().max(LIMIT.reason).optional() }).strict(),
  explainRoute: z.object({
    vhost, exchange: shortstr('the exchange name'), routingKey: shortstr('the routing key'), headers: typedHeaders.optional(), mandatory: z.boolean().optional(),
  }).strict(),
  listConnections: z.object({ vhost }).strict(),
  browseQueue: z.object({
    vhost, queue: queueName, offset: count('offset'), limit: count('limit', LIMIT.page).refine((n) => n > 0, `limit must be 1 to ${LIMIT.page}`), filter: filter.optional(),
  }).strict(),
  exportMessages: z.object({ vhost, queue: queueName, seqs: seqs.max(LIMIT.export, `export at most ${LIMIT.export} messages at once`) }).strict(),
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
    rate: z.number().positive('rate must be above 0').max(LIMIT.publishRate, `rate must be at most ${LIMIT.publishRate} a second`),
    count: count('count', LIMIT.count).refine((n) => n > 0, 'count must be at least 1'),
  }).strict(),
  cancelPublishJob: z.object({ id: count('job id') }).strict(),
  getTraceStatus: z.object({}).strict(),
  setTraceSettings: z.object({
    enabled: z.boolean().optional(),
    maxMessages: count('max messages', LIMIT.count).refine((n) => n > 0, 'keep at least 1 message').optional(),
    maxAgeMs: count('max age', LIMIT.traceAgeMs).refine((n) => n >= 1000, 'keep traces at least 1 s').optional(),
    maxPerSecond: count('traces per second', LIMIT.count).refine((n) => n > 0, 'trace at least 1 message a second').optional(),
  }).strict(),
  listTraces: z.object({ vhost, limit: count('limit', LIMIT.page), search: z.string().max(LIMIT.shortstr).optional() }).strict(),
  getTrace: z.object({ vhost, messageId: count('message id') }).strict(),
  getMqtt: z.object({ vhost }).strict(),
  listRetained: z.object({ vhost }).strict(),
  getRetained: z.object({ vhost, topic: mqttTopic }).strict(),
  deleteRetained: z.object({ vhost, topic: mqttTopic }).strict(),
  publishMqtt: z.object({
    vhost, topic: mqttTopic, qos: z.union([z.literal(0), z.literal(1), z.literal(2)], { message: 'QoS must be 0, 1 or 2' }), retain: z.boolean(),
    payload: z.string().max(LIMIT.body, 'the payload is too large'), payloadEncoding: z.enum(['utf8', 'base64']),
    contentType: mqttString('the content type').optional(), responseTopic: mqttTopic.optional(),
    correlationData: mqttString('the correlation data').optional(),
    messageExpiryInterval: count('message expiry', 2 ** 32 - 1).optional(),
    userProperties: z.array(z.object({ name: mqttString('a user property name'), value: mqttString('a user property value') }).strict())
      .max(LIMIT.tableEntries, `at most ${LIMIT.tableEntries} user properties`).optional(),
  }).strict(),
  explainMqttRoute: z.object({ vhost, topic: mqttTopic }).strict(),
  whoAmI: none, listVhosts: none, listUsers: none, listPermissions: none,
  addVhost: z.object({ vhost }).strict(),
  deleteVhost: z.object({ vhost }).strict(),
  // any number passes here: the core refuses what is not 1, 10 or 60 in its own words
  setVhostClock: z.object({ vhost, scale: z.number({ message: 'the clock scale must be a number' }) }).strict(),
  putUser: z.object({
    name: userName, password: z.string().min(1, 'the password must not be empty').max(LIMIT.longstr).optional(),
    tags: z.array(shortstr('a tag')).max(LIMIT.tags, `at most ${LIMIT.tags} tags`),
  }).strict(),
  deleteUser: z.object({ name: userName }).strict(),
  setPermission: z.object({ user: userName, vhost, configure: regexp('configure'), write: regexp('write'), read: regexp('read') }).strict(),
  clearPermission: z.object({ user: userName, vhost }).strict(),
  listTopicPermissions: none,
  setTopicPermission: z.object({ user: userName, vhost, exchange: entityName('the exchange name'), write: regexp('write'), read: regexp('read') }).strict(),
  clearTopicPermission: z.object({ user: userName, vhost, exchange: entityName('the exchange name') }).strict(),
  listPolicies: z.object({ kind: policyKind }).strict(),
  putPolicy: z.object({
    kind: policyKind, vhost, name: entityName('the policy name'), pattern: regexp('pattern'),
    applyTo: z.enum(['queues', 'exchanges', 'all'], "apply-to must be 'queues', 'exchanges' or 'all'"),
    priority: z.number().int('priority must be a whole number'), definition: z.string().max(LIMIT.longstr),
  }).strict(),
  deletePolicy: z.object({ kind: policyKind, vhost, name: entityName('the policy name') }).strict(),
  exportDefinitions: z.object({ vhost: vhost.optional() }).strict(),
  importDefinitions: z.object({ text: z.string().max(LIMIT.definitions, 'the definitions file is too large'), vhost: vhost.optional() }).strict(),
  listProfiles: none,
  saveProfile: z.object({
    id: profileId.optional(),
    name: z.string().trim().min(1, 'the profile needs a name').max(LIMIT.shortstr, 'the name is too long'),
    managementUrl: httpUrl('the management URL', ['http:', 'https:']),
    user: z.string().min(1, 'a user name is required').max(LIMIT.shortstr),
    password: z.string().max(LIMIT.longstr).optional(),
    amqpUrl: httpUrl('the AMQP URL', ['amqp:', 'amqps:']).nullable().optional(),
    defaultVhost: vhost,
    readOnly: z.boolean(),
    caPem: z.string().max(LIMIT.caPem, 'the CA certificate is too large')
      .refine((s) => s.includes('-----BEGIN CERTIFICATE-----'), 'the CA must be a PEM certificate (-----BEGIN CERTIFICATE-----)').nullable().optional(),
  }).strict(),
  deleteProfile: z.object({ id: profileId }).strict(),
  useProfile: z.object({ id: profileId, password: z.string().max(LIMIT.longstr).optional() }).strict(),
  getTarget: none,
  listNodes: none,
  getFirehose: z.object({ vhost }).strict(),
  setFirehose: z.object({ vhost, on: z.boolean() }).strict(),
  diffDefinitions: z.object({ left: profileId, right: profileId, vhost: vhost.optional() }).strict(),
  importFromProfile: z.object({ id: profileId, vhost: vhost.optional() }).strict(),
  listDelayed: z.object({ vhost, exchange: shortstr('the exchange name'), limit: count('limit', LIMIT.page).refine((n) => n > 0, `limit must be 1 to ${LIMIT.page}`) }).strict(),
  returnDeadLetters: z.object({ vhost, queue: queueName, max: count('max', LIMIT.seqs).refine((n) => n > 0, 'move at least 1 message') }).strict(),
  listShovels: none,
  // the value's keys and their values are the broker's to check (RabbitMQ's validation texts)
  putShovel: z.object({ vhost, name: entityName('the shovel name'), value: z.record(z.string().max(LIMIT.shortstr), jsonValue) }).strict(),
  deleteShovel: z.object({ vhost, name: entityName('the shovel name') }).strict(),
  restartShovel: z.object({ vhost, name: entityName('the shovel name') }).strict(),
  listSimulated: none,
  startSimulated: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('producer'), spec: producerSpec }).strict(),
    z.object({ kind: z.literal('consumer'), spec: consumerSpec }).strict(),
  ], "kind must be 'producer' or 'consumer'"),
  publishSimulated: simulatedId, crashSimulated: simulatedId, stopSimulated: simulatedId,
  listLessons: none,
  startLesson: z.object({ id: entityName('the lesson id') }).strict(),
  checkLesson: z.object({ id: entityName('the lesson id') }).strict(),
  getWelcome: none,
  dismissWelcome: z.object({ choice: z.enum(['lessons', 'demo', 'empty']) }).strict(),
  loadDemo: none,
};

/** "name: must not be empty; durable: expected boolean" */
export function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
