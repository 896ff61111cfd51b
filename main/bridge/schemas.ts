// zod schemas for every command's request. Each is typed against the contract, so a schema that
// drifts from shared/ipc/contract.ts fails to compile. Limits are RabbitMQ's: names are short
// strings (at most 255 bytes), numeric arguments non-negative integers.
import { z } from 'zod';
import type { CommandName, Req } from '../../shared/ipc/contract';
import type { JsonTable, JsonValue } from '../../shared/model/topology';

const vhost = z.string().min(1, 'a vhost name is required').max(255);
/** AMQP shortstr: at most 255 bytes of UTF-8 */
const shortstr = (what: string) =>
  z.string().refine((s) => Buffer.byteLength(s) <= 255, `${what} must be at most 255 bytes`);
const entityName = (what: string) => shortstr(what).refine((s) => s.length > 0, `${what} must not be empty`);
const count = (what: string, max = 2 ** 53 - 1) =>
  z.number().int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} is too large`);

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string().max(65_535), z.array(jsonValue).max(256), z.record(z.string().max(255), jsonValue)]));
const jsonTable: z.ZodType<JsonTable> = z.record(z.string().max(255), jsonValue)
  .refine((t) => Object.keys(t).length <= 64, 'at most 64 arguments');

type Schemas = { [K in CommandName]: z.ZodType<Req<K>> };

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
    messageTtl: count('message TTL', 2 ** 32 - 1).optional(),
    expires: count('queue expiry', 2 ** 32 - 1).refine((n) => n > 0, 'queue expiry must be at least 1 ms').optional(),
    deadLetterExchange: shortstr('the dead-letter exchange').optional(),
    deadLetterRoutingKey: shortstr('the dead-letter routing key').optional(),
    maxLength: count('max length').optional(),
    maxLengthBytes: count('max length in bytes').optional(),
    overflow: z.enum(['drop-head', 'reject-publish', 'reject-publish-dlx']).optional(),
    maxPriority: count('max priority', 255).refine((n) => n > 0, 'max priority must be 1 to 255').optional(),
    singleActiveConsumer: z.boolean().optional(),
    queueType: z.enum(['classic', 'quorum', 'stream']).optional(),
    deliveryLimit: count('delivery limit').optional(),
  }).strict(),
  deleteQueue: z.object({ vhost, name: entityName('the queue name'), ifUnused: z.boolean().optional(), ifEmpty: z.boolean().optional() }).strict(),
  purgeQueue: z.object({ vhost, name: entityName('the queue name') }).strict(),
  bind,
  unbind: bind,
  getLayout: z.object({ vhost }).strict(),
  saveLayout: z.object({
    vhost,
    positions: z.record(z.string().max(600), z.object({ x: z.number().finite(), y: z.number().finite() }).strict())
      .refine((p) => Object.keys(p).length <= 20_000, 'too many positions'),
  }).strict(),
  closeConnection: z.object({ id: z.string().min(1).max(255), reason: z.string().max(200).optional() }).strict(),
};

/** "name: must not be empty; durable: expected boolean" */
export function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
