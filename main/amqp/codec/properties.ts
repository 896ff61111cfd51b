// basic content properties: a 16-bit presence-flags word, then the present properties in
// BASIC_PROPERTIES order (property i is flagged by bit 15 - i). The broker mostly forwards the
// raw bytes (Frame.rawProperties) and decodes only when it must look inside (TTL, headers routing,
// the UI), so decode and encode are kept byte-exact for each other.

import { BASIC_PROPERTIES, type FieldType } from '../spec';
import { ReplyCode } from '../../../shared/model/reply-codes';
import { CodecError } from './errors';
import { decodeTable, readShortStr, shortStrSize, tableSize, writeShortStr, writeTable } from './field-table';
import type { BasicProperties, FieldTable } from './types';

/** bit 0 continues the flags into another word; bit 1 is unassigned. basic has 14 properties,
 *  so neither may be set. */
const INVALID_FLAGS = 0x0003;

type PropKey = keyof BasicProperties;
const PROPS = BASIC_PROPERTIES.map((f, i) => ({ key: f.name as PropKey, type: f.type, flag: 0x8000 >>> i }));

function malformed(what: string): never {
  throw new CodecError(ReplyCode.SYNTAX_ERROR, `malformed content properties: ${what}`);
}

/** The flags word alone: enough to ask "has headers? has expiration?" without decoding. */
export function propertyFlags(raw: Buffer): number {
  return raw.length >= 2 ? raw.readUInt16BE(0) : 0;
}

export const PropertyFlag = Object.fromEntries(PROPS.map((p) => [p.key, p.flag])) as Record<PropKey, number>;

export function decodeProperties(raw: Buffer): BasicProperties {
  const end = raw.length;
  if (end < 2) malformed('flags truncated');
  const flags = raw.readUInt16BE(0);
  if (flags & INVALID_FLAGS) malformed(`flags 0x${flags.toString(16)} set a continuation or unassigned bit`);
  const props: Record<string, unknown> = {};
  let p = 2;
  for (let i = 0; i < PROPS.length; i++) {
    const prop = PROPS[i];
    if ((flags & prop.flag) === 0) continue;
    p = readProp(raw, p, end, prop.type, prop.key, props);
  }
  if (p !== end) malformed(`${end - p} trailing bytes`);
  return props as BasicProperties;
}

function readProp(raw: Buffer, p: number, end: number, type: FieldType, key: string, out: Record<string, unknown>): number {
  switch (type) {
    case 'shortstr':
      if (p >= end) malformed(`${key} truncated`);
      out[key] = readShortStr(raw, p, end);
      return p + 1 + raw[p];
    case 'octet':
      if (p >= end) malformed(`${key} truncated`);
      out[key] = raw[p];
      return p + 1;
    case 'timestamp':
      if (p + 8 > end) malformed(`${key} truncated`);
      out[key] = raw.readBigUInt64BE(p);
      return p + 8;
    case 'table': {
      const { table, end: after } = decodeTable(raw, p, end);
      out[key] = table;
      return after;
    }
    default:
      throw new Error(`no property codec for ${type}`);
  }
}

/** Encoded size of flags + property list. */
export function propertiesSize(props: BasicProperties): number {
  let n = 2;
  for (const { key, type } of PROPS) {
    const v = props[key];
    if (v === undefined) continue;
    if (type === 'shortstr') n += shortStrSize(v as string);
    else if (type === 'octet') n += 1;
    else if (type === 'timestamp') n += 8;
    else n += tableSize(v as FieldTable);
  }
  return n;
}

/** Writes flags + property list at offset (sized by propertiesSize); returns the offset after. */
export function writeProperties(buf: Buffer, offset: number, props: BasicProperties): number {
  let flags = 0;
  let p = offset + 2;
  for (const { key, type, flag } of PROPS) {
    const v = props[key];
    if (v === undefined) continue;
    flags |= flag;
    if (type === 'shortstr') p = writeShortStr(buf, p, v as string);
    else if (type === 'octet') buf.writeUInt8(v as number, p++);
    else if (type === 'timestamp') p = buf.writeBigUInt64BE(v as bigint, p);
    else p = writeTable(buf, p, v as FieldTable);
  }
  buf.writeUInt16BE(flags, offset);
  return p;
}

export function encodeProperties(props: BasicProperties): Buffer {
  const buf = Buffer.allocUnsafe(propertiesSize(props));
  writeProperties(buf, 0, props);
  return buf;
}

/** The encoding of no properties at all (flags 0): what a body-only publish carries. */
export const EMPTY_PROPERTIES: Buffer = Buffer.from([0, 0]);
