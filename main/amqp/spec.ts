// The project's own table of AMQP 0-9-1 (RabbitMQ dialect): frame constants, reply codes and
// every method's id, field order and field types. Codecs are driven by this table, so method
// ids, bit packing and field order live here once instead of in hand-written switches.
// Transcribed from RabbitMQ's amqp-rabbitmq-0.9.1.json (rabbitmq-codegen), not read at runtime.

import type { FieldTable } from '../../shared/model/amqp-values';

export const FrameType = { METHOD: 1, HEADER: 2, BODY: 3, HEARTBEAT: 8 } as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FRAME_END = 0xce;
export const FRAME_MIN_SIZE = 4096;
/** Bytes a frame adds around its payload: type(1) + channel(2) + size(4) + frame-end(1). */
export const FRAME_OVERHEAD = 8;
export const PROTOCOL_HEADER: Buffer = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]); // "AMQP" 0 0 9 1

export { ReplyCode, replyName, isHardError, type ReplyCodeName } from '../../shared/model/reply-codes';
import { MESSAGE_PROPERTIES } from '../../shared/model/properties';

export type FieldType = 'octet' | 'short' | 'long' | 'longlong' | 'shortstr' | 'longstr' | 'bit' | 'table' | 'timestamp';

export interface FieldSpec {
  /** camelCased spec name, the key in MethodArgs */
  readonly name: string;
  readonly type: FieldType;
  /** reserved by 0-9-1: encoded as 0 / empty, skipped on decode, absent from MethodArgs */
  readonly reserved?: true;
}

/** A row of METHODS as written; MethodSpec is the same with its names checked against the table. */
interface MethodRow {
  readonly name: string;
  readonly classId: number;
  readonly methodId: number;
  readonly fields: readonly FieldSpec[];
  readonly synchronous: boolean;
  readonly hasContent: boolean;
  /** the replies a synchronous request expects */
  readonly responses?: readonly string[];
}

// Literal names and types, so that MethodArgs can be derived from the table below.
const field = <N extends string, T extends FieldType>(name: N, type: T) => ({ name, type });
const reserved = <N extends string, T extends FieldType>(name: N, type: T) => ({ name, type, reserved: true as const });

export const CLASS_IDS = { connection: 10, channel: 20, access: 30, exchange: 40, queue: 50, basic: 60, tx: 90, confirm: 85 } as const;

export const METHODS = [
  // connection (class 10)
  { name: 'connection.start', classId: 10, methodId: 10, synchronous: true, hasContent: false, responses: ['connection.start-ok'], fields: [field('versionMajor', 'octet'), field('versionMinor', 'octet'), field('serverProperties', 'table'), field('mechanisms', 'longstr'), field('locales', 'longstr')] },
  { name: 'connection.start-ok', classId: 10, methodId: 11, synchronous: false, hasContent: false, fields: [field('clientProperties', 'table'), field('mechanism', 'shortstr'), field('response', 'longstr'), field('locale', 'shortstr')] },
  { name: 'connection.secure', classId: 10, methodId: 20, synchronous: true, hasContent: false, responses: ['connection.secure-ok'], fields: [field('challenge', 'longstr')] },
  { name: 'connection.secure-ok', classId: 10, methodId: 21, synchronous: false, hasContent: false, fields: [field('response', 'longstr')] },
  { name: 'connection.tune', classId: 10, methodId: 30, synchronous: true, hasContent: false, responses: ['connection.tune-ok'], fields: [field('channelMax', 'short'), field('frameMax', 'long'), field('heartbeat', 'short')] },
  { name: 'connection.tune-ok', classId: 10, methodId: 31, synchronous: false, hasContent: false, fields: [field('channelMax', 'short'), field('frameMax', 'long'), field('heartbeat', 'short')] },
  { name: 'connection.open', classId: 10, methodId: 40, synchronous: true, hasContent: false, responses: ['connection.open-ok'], fields: [field('virtualHost', 'shortstr'), reserved('capabilities', 'shortstr'), reserved('insist', 'bit')] },
  { name: 'connection.open-ok', classId: 10, methodId: 41, synchronous: false, hasContent: false, fields: [reserved('knownHosts', 'shortstr')] },
  { name: 'connection.close', classId: 10, methodId: 50, synchronous: true, hasContent: false, responses: ['connection.close-ok'], fields: [field('replyCode', 'short'), field('replyText', 'shortstr'), field('classId', 'short'), field('methodId', 'short')] },
  { name: 'connection.close-ok', classId: 10, methodId: 51, synchronous: false, hasContent: false, fields: [] },
  { name: 'connection.blocked', classId: 10, methodId: 60, synchronous: false, hasContent: false, fields: [field('reason', 'shortstr')] },
  { name: 'connection.unblocked', classId: 10, methodId: 61, synchronous: false, hasContent: false, fields: [] },
  { name: 'connection.update-secret', classId: 10, methodId: 70, synchronous: true, hasContent: false, responses: ['connection.update-secret-ok'], fields: [field('newSecret', 'longstr'), field('reason', 'shortstr')] },
  { name: 'connection.update-secret-ok', classId: 10, methodId: 71, synchronous: false, hasContent: false, fields: [] },
  // channel (class 20)
  { name: 'channel.open', classId: 20, methodId: 10, synchronous: true, hasContent: false, responses: ['channel.open-ok'], fields: [reserved('outOfBand', 'shortstr')] },
  { name: 'channel.open-ok', classId: 20, methodId: 11, synchronous: false, hasContent: false, fields: [reserved('channelId', 'longstr')] },
  { name: 'channel.flow', classId: 20, methodId: 20, synchronous: true, hasContent: false, responses: ['channel.flow-ok'], fields: [field('active', 'bit')] },
  { name: 'channel.flow-ok', classId: 20, methodId: 21, synchronous: false, hasContent: false, fields: [field('active', 'bit')] },
  { name: 'channel.close', classId: 20, methodId: 40, synchronous: true, hasContent: false, responses: ['channel.close-ok'], fields: [field('replyCode', 'short'), field('replyText', 'shortstr'), field('classId', 'short'), field('methodId', 'short')] },
  { name: 'channel.close-ok', classId: 20, methodId: 41, synchronous: false, hasContent: false, fields: [] },
  // access (class 30)
  { name: 'access.request', classId: 30, methodId: 10, synchronous: true, hasContent: false, responses: ['access.request-ok'], fields: [field('realm', 'shortstr'), field('exclusive', 'bit'), field('passive', 'bit'), field('active', 'bit'), field('write', 'bit'), field('read', 'bit')] },
  { name: 'access.request-ok', classId: 30, methodId: 11, synchronous: false, hasContent: false, fields: [reserved('ticket', 'short')] },
  // exchange (class 40)
  { name: 'exchange.declare', classId: 40, methodId: 10, synchronous: true, hasContent: false, responses: ['exchange.declare-ok'], fields: [reserved('ticket', 'short'), field('exchange', 'shortstr'), field('type', 'shortstr'), field('passive', 'bit'), field('durable', 'bit'), field('autoDelete', 'bit'), field('internal', 'bit'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'exchange.declare-ok', classId: 40, methodId: 11, synchronous: false, hasContent: false, fields: [] },
  { name: 'exchange.delete', classId: 40, methodId: 20, synchronous: true, hasContent: false, responses: ['exchange.delete-ok'], fields: [reserved('ticket', 'short'), field('exchange', 'shortstr'), field('ifUnused', 'bit'), field('nowait', 'bit')] },
  { name: 'exchange.delete-ok', classId: 40, methodId: 21, synchronous: false, hasContent: false, fields: [] },
  { name: 'exchange.bind', classId: 40, methodId: 30, synchronous: true, hasContent: false, responses: ['exchange.bind-ok'], fields: [reserved('ticket', 'short'), field('destination', 'shortstr'), field('source', 'shortstr'), field('routingKey', 'shortstr'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'exchange.bind-ok', classId: 40, methodId: 31, synchronous: false, hasContent: false, fields: [] },
  { name: 'exchange.unbind', classId: 40, methodId: 40, synchronous: true, hasContent: false, responses: ['exchange.unbind-ok'], fields: [reserved('ticket', 'short'), field('destination', 'shortstr'), field('source', 'shortstr'), field('routingKey', 'shortstr'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'exchange.unbind-ok', classId: 40, methodId: 51, synchronous: false, hasContent: false, fields: [] },
  // queue (class 50)
  { name: 'queue.declare', classId: 50, methodId: 10, synchronous: true, hasContent: false, responses: ['queue.declare-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('passive', 'bit'), field('durable', 'bit'), field('exclusive', 'bit'), field('autoDelete', 'bit'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'queue.declare-ok', classId: 50, methodId: 11, synchronous: false, hasContent: false, fields: [field('queue', 'shortstr'), field('messageCount', 'long'), field('consumerCount', 'long')] },
  { name: 'queue.bind', classId: 50, methodId: 20, synchronous: true, hasContent: false, responses: ['queue.bind-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('exchange', 'shortstr'), field('routingKey', 'shortstr'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'queue.bind-ok', classId: 50, methodId: 21, synchronous: false, hasContent: false, fields: [] },
  { name: 'queue.purge', classId: 50, methodId: 30, synchronous: true, hasContent: false, responses: ['queue.purge-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('nowait', 'bit')] },
  { name: 'queue.purge-ok', classId: 50, methodId: 31, synchronous: false, hasContent: false, fields: [field('messageCount', 'long')] },
  { name: 'queue.delete', classId: 50, methodId: 40, synchronous: true, hasContent: false, responses: ['queue.delete-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('ifUnused', 'bit'), field('ifEmpty', 'bit'), field('nowait', 'bit')] },
  { name: 'queue.delete-ok', classId: 50, methodId: 41, synchronous: false, hasContent: false, fields: [field('messageCount', 'long')] },
  { name: 'queue.unbind', classId: 50, methodId: 50, synchronous: true, hasContent: false, responses: ['queue.unbind-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('exchange', 'shortstr'), field('routingKey', 'shortstr'), field('arguments', 'table')] },
  { name: 'queue.unbind-ok', classId: 50, methodId: 51, synchronous: false, hasContent: false, fields: [] },
  // basic (class 60)
  { name: 'basic.qos', classId: 60, methodId: 10, synchronous: true, hasContent: false, responses: ['basic.qos-ok'], fields: [field('prefetchSize', 'long'), field('prefetchCount', 'short'), field('global', 'bit')] },
  { name: 'basic.qos-ok', classId: 60, methodId: 11, synchronous: false, hasContent: false, fields: [] },
  { name: 'basic.consume', classId: 60, methodId: 20, synchronous: true, hasContent: false, responses: ['basic.consume-ok'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('consumerTag', 'shortstr'), field('noLocal', 'bit'), field('noAck', 'bit'), field('exclusive', 'bit'), field('nowait', 'bit'), field('arguments', 'table')] },
  { name: 'basic.consume-ok', classId: 60, methodId: 21, synchronous: false, hasContent: false, fields: [field('consumerTag', 'shortstr')] },
  { name: 'basic.cancel', classId: 60, methodId: 30, synchronous: true, hasContent: false, responses: ['basic.cancel-ok'], fields: [field('consumerTag', 'shortstr'), field('nowait', 'bit')] },
  { name: 'basic.cancel-ok', classId: 60, methodId: 31, synchronous: false, hasContent: false, fields: [field('consumerTag', 'shortstr')] },
  { name: 'basic.publish', classId: 60, methodId: 40, synchronous: false, hasContent: true, fields: [reserved('ticket', 'short'), field('exchange', 'shortstr'), field('routingKey', 'shortstr'), field('mandatory', 'bit'), field('immediate', 'bit')] },
  { name: 'basic.return', classId: 60, methodId: 50, synchronous: false, hasContent: true, fields: [field('replyCode', 'short'), field('replyText', 'shortstr'), field('exchange', 'shortstr'), field('routingKey', 'shortstr')] },
  { name: 'basic.deliver', classId: 60, methodId: 60, synchronous: false, hasContent: true, fields: [field('consumerTag', 'shortstr'), field('deliveryTag', 'longlong'), field('redelivered', 'bit'), field('exchange', 'shortstr'), field('routingKey', 'shortstr')] },
  { name: 'basic.get', classId: 60, methodId: 70, synchronous: true, hasContent: false, responses: ['basic.get-ok', 'basic.get-empty'], fields: [reserved('ticket', 'short'), field('queue', 'shortstr'), field('noAck', 'bit')] },
  { name: 'basic.get-ok', classId: 60, methodId: 71, synchronous: false, hasContent: true, fields: [field('deliveryTag', 'longlong'), field('redelivered', 'bit'), field('exchange', 'shortstr'), field('routingKey', 'shortstr'), field('messageCount', 'long')] },
  { name: 'basic.get-empty', classId: 60, methodId: 72, synchronous: false, hasContent: false, fields: [reserved('clusterId', 'shortstr')] },
  { name: 'basic.ack', classId: 60, methodId: 80, synchronous: false, hasContent: false, fields: [field('deliveryTag', 'longlong'), field('multiple', 'bit')] },
  { name: 'basic.reject', classId: 60, methodId: 90, synchronous: false, hasContent: false, fields: [field('deliveryTag', 'longlong'), field('requeue', 'bit')] },
  { name: 'basic.recover-async', classId: 60, methodId: 100, synchronous: false, hasContent: false, fields: [field('requeue', 'bit')] },
  { name: 'basic.recover', classId: 60, methodId: 110, synchronous: true, hasContent: false, responses: ['basic.recover-ok'], fields: [field('requeue', 'bit')] },
  { name: 'basic.recover-ok', classId: 60, methodId: 111, synchronous: false, hasContent: false, fields: [] },
  { name: 'basic.nack', classId: 60, methodId: 120, synchronous: false, hasContent: false, fields: [field('deliveryTag', 'longlong'), field('multiple', 'bit'), field('requeue', 'bit')] },
  // tx (class 90)
  { name: 'tx.select', classId: 90, methodId: 10, synchronous: true, hasContent: false, responses: ['tx.select-ok'], fields: [] },
  { name: 'tx.select-ok', classId: 90, methodId: 11, synchronous: false, hasContent: false, fields: [] },
  { name: 'tx.commit', classId: 90, methodId: 20, synchronous: true, hasContent: false, responses: ['tx.commit-ok'], fields: [] },
  { name: 'tx.commit-ok', classId: 90, methodId: 21, synchronous: false, hasContent: false, fields: [] },
  { name: 'tx.rollback', classId: 90, methodId: 30, synchronous: true, hasContent: false, responses: ['tx.rollback-ok'], fields: [] },
  { name: 'tx.rollback-ok', classId: 90, methodId: 31, synchronous: false, hasContent: false, fields: [] },
  // confirm (class 85)
  { name: 'confirm.select', classId: 85, methodId: 10, synchronous: true, hasContent: false, responses: ['confirm.select-ok'], fields: [field('nowait', 'bit')] },
  { name: 'confirm.select-ok', classId: 85, methodId: 11, synchronous: false, hasContent: false, fields: [] },
] as const satisfies readonly MethodRow[];

export type MethodName = (typeof METHODS)[number]['name'];

export interface MethodSpec extends MethodRow {
  readonly name: MethodName;
  readonly responses?: readonly MethodName[];
}

/** How each field type is held in code. Delivery tags (longlong) are JS numbers: 2^53 is ample. */
interface FieldTypeValue {
  octet: number; short: number; long: number; longlong: number; timestamp: bigint;
  shortstr: string; longstr: Buffer; bit: boolean; table: FieldTable;
}
type ArgsOf<F extends readonly FieldSpec[]> = { [E in F[number] as E extends { reserved: true } ? never : E['name']]: FieldTypeValue[E['type']] };

/** Every method's arguments, keyed by "class.method", derived from METHODS: field names camelCased
 *  from the spec, reserved fields omitted. */
export type MethodArgs = { [M in (typeof METHODS)[number] as M['name']]: ArgsOf<M['fields']> };


/** basic content properties in wire order (shared/model/properties.ts); property i is flagged by
 *  bit 15 - i of the flags word. */
export const BASIC_PROPERTIES: readonly FieldSpec[] = MESSAGE_PROPERTIES.map((p) => field(p.name, p.type));

/** Dispatch key of a method frame: its first four payload bytes read as one u32. */
export const methodKey = (classId: number, methodId: number): number => ((classId << 16) | methodId) >>> 0;

const byName = new Map<string, MethodSpec>(METHODS.map((m) => [m.name, m]));
const byKey = new Map<number, MethodSpec>(METHODS.map((m) => [methodKey(m.classId, m.methodId), m]));

export function methodSpecByName(name: string): MethodSpec | undefined {
  return byName.get(name);
}

export function methodSpecById(classId: number, methodId: number): MethodSpec | undefined {
  return byKey.get(methodKey(classId, methodId));
}

/** Same lookup keyed by the u32 the frame parser reads straight off the wire. */
export function methodSpecByKey(key: number): MethodSpec | undefined {
  return byKey.get(key);
}
