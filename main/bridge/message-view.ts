// How the explorer shows a message: properties as JSON, x-death as a readable history, and the
// body as JSON, text or hex. Also the reverse for the publish form: typed headers and JSON
// properties -> AMQP field tables and basic properties.
import type { BasicProperties, FieldTable, FieldValue } from '../../shared/model/amqp-values';
import type { BrowsedMessage, ExportedMessage, MessageBody, MessageProperties, TypedHeader, TypedValue, XDeath } from '../../shared/model/messages';
import type { JsonTable, JsonValue } from '../../shared/model/topology';
import { fieldToJson, tableToJson } from '../broker/field-json';
import { tableGet } from '../broker/field-values';
import { bodyBuffer, type Message } from '../broker/message';
import { MESSAGE_PROPERTIES } from '../../shared/model/properties';

/** body bytes shown in a listing row; the detail and export ask for the whole message */
export const PREVIEW_BYTES = 2048;

export function typedToField(v: TypedValue): FieldValue {
  switch (v.type) {
    case 'string': return { type: 'S', value: Buffer.from(v.value) };
    case 'int': return { type: 'l', value: BigInt(v.value) };
    case 'float': return { type: 'd', value: v.value };
    case 'bool': return { type: 't', value: v.value };
    case 'null': return { type: 'V', value: null };
  }
}

export const typedHeadersToTable = (hs: TypedHeader[]): FieldTable => hs.map((h) => [h.name, typedToField(h.value)]);

/** AMQP properties -> their JSON form (headers apart): timestamps become numbers of seconds. */
export function propertiesToJson(p: BasicProperties): MessageProperties {
  const out: Record<string, string | number> = {};
  for (const { name, type } of MESSAGE_PROPERTIES) {
    const v = p[name];
    if (v === undefined || type === 'table') continue;
    out[name] = type === 'timestamp' ? Number(v) : (v as string | number);
  }
  return out as MessageProperties;
}

/** The publish form's JSON properties and typed headers -> AMQP properties; empty strings mean unset. */
export function jsonToProperties(p: MessageProperties, headers: FieldTable | undefined): BasicProperties {
  const out: Record<string, unknown> = {};
  for (const { name, type } of MESSAGE_PROPERTIES) {
    if (type === 'table') {
      if (headers && headers.length > 0) out[name] = headers;
      continue;
    }
    const v = p[name];
    if (v === undefined || v === '') continue;
    out[name] = type === 'timestamp' ? BigInt(v) : v;
  }
  return out as BasicProperties;
}

const asStr = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** x-death (an array of tables, newest first) -> records people can read. */
export function xDeathOf(headers: FieldTable | undefined): XDeath[] {
  const v = tableGet(headers, 'x-death');
  if (!v || v.type !== 'A') return [];
  const out: XDeath[] = [];
  for (const item of v.value) {
    if (item.type !== 'F') continue;
    const d = tableToJson(item.value);
    const rks = d['routing-keys'];
    const time = d.time;
    out.push({
      queue: asStr(d.queue), reason: asStr(d.reason), exchange: asStr(d.exchange),
      routingKeys: Array.isArray(rks) ? rks.map(asStr) : [],
      count: typeof d.count === 'number' ? d.count : Number(d.count ?? 0),
      time: typeof time === 'number' ? time * 1000 : null,
    });
  }
  return out;
}

/** JSON if it parses, text if it is UTF-8 without control characters, else hex. */
export function renderBody(buf: Buffer, limit = PREVIEW_BYTES): MessageBody {
  const truncated = buf.length > limit;
  const part = truncated ? buf.subarray(0, limit) : buf;
  const text = part.toString('utf8');
  const isText = !text.includes('\uFFFD') && !/[\u0000-\u0008\u000E-\u001F]/.test(text);
  if (isText) {
    if (!truncated) {
      const t = text.trim();
      if ((t.startsWith('{') || t.startsWith('[')) && t.length > 1) {
        try { return { encoding: 'json', text: JSON.stringify(JSON.parse(t), null, 2), truncated }; } catch { /* text */ }
      }
    }
    return { encoding: 'text', text, truncated };
  }
  return { encoding: 'hex', text: part.toString('hex').replace(/(..)/g, '$1 ').trim(), truncated };
}

export function bodyPreview(m: Message, limit = PREVIEW_BYTES): Buffer {
  if (Buffer.isBuffer(m.body)) return m.body.subarray(0, limit + 1);
  const parts: Buffer[] = [];
  let n = 0;
  for (const b of m.body as Buffer[]) {
    parts.push(b);
    n += b.length;
    if (n > limit) break;
  }
  return Buffer.concat(parts).subarray(0, limit + 1);
}

export function browsedMessage(m: Message, base: Omit<BrowsedMessage, 'messageId' | 'lineage' | 'exchange' | 'routingKey' | 'properties' | 'headers' | 'xDeath' | 'body' | 'size' | 'publishedAt'>): BrowsedMessage {
  const headers: JsonTable = tableToJson(m.properties.headers);
  return {
    ...base,
    messageId: m.id, lineage: m.lineage, exchange: m.exchange, routingKey: m.routingKey,
    properties: propertiesToJson(m.properties), headers, xDeath: xDeathOf(m.properties.headers),
    body: renderBody(bodyPreview(m)), size: m.bodySize, publishedAt: m.publishedAt,
  };
}

export function exportedMessage(m: Message, redelivered: boolean): ExportedMessage {
  const body = bodyBuffer(m.body);
  const r = renderBody(body, Infinity);
  return {
    exchange: m.exchange, routingKey: m.routingKey, redelivered, properties: propertiesToJson(m.properties),
    headers: tableToJson(m.properties.headers), bodyBase64: body.toString('base64'),
    ...(r.encoding !== 'hex' ? { bodyText: body.toString('utf8') } : {}), publishedAt: m.publishedAt,
  };
}

/** the text a filter searches in a header value */
export const headerText = (v: FieldValue): string => { const j = fieldToJson(v); return typeof j === 'string' ? j : JSON.stringify(j); };
