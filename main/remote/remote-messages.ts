// Messages through the management API: the browser reads with a get that requeues (RabbitMQ
// cannot peek), the publish form posts to /api/exchanges/{v}/{x}/publish. Properties travel in
// the API's JSON form (main/http/amqp-json.ts) and are shown as the embedded broker shows them
// (main/bridge/message-view.ts), so both look alike in the window.
import type { BrowsePage, BrowsedMessage, MessageFilter, PublishOutcome, PublishRequest } from '../../shared/model/messages';
import type { JsonTable } from '../../shared/model/topology';
import { jsonToProperties as apiToProperties, propertiesToJson as propertiesToApi } from '../http/amqp-json';
import { jsonToProperties, propertiesToJson, renderBody, typedHeadersToTable, xDeathOf } from '../bridge/message-view';
import { apiPath, type ManagementClient } from './management-client';
import type { ApiQueue } from './remote-topology';

/** the most messages one browse takes out and puts back */
export const BROWSE_MAX = 500;
/** body bytes RabbitMQ sends per message (it cuts the rest) */
const TRUNCATE = 50_000;

export const BROWSE_NOTICE = 'RabbitMQ cannot show messages without taking them: Warren read these with a get that '
  + 'requeued them at once, so they are now marked redelivered, and in a queue with consumers they may come back in a '
  + 'different order.';

interface ApiMessage {
  payload: string; payload_encoding: 'string' | 'base64'; payload_bytes: number;
  redelivered: boolean; exchange: string; routing_key: string;
  properties: Record<string, unknown> | [];
}

function bodyOf(m: ApiMessage): Buffer {
  return Buffer.from(m.payload, m.payload_encoding === 'base64' ? 'base64' : 'utf8');
}

function browsed(m: ApiMessage, index: number): BrowsedMessage {
  const raw = Array.isArray(m.properties) ? {} : m.properties;
  let props: ReturnType<typeof apiToProperties> = {};
  try { props = apiToProperties(raw); } catch { /* a property Warren does not know: show the rest */ }
  const headers = (raw.headers && typeof raw.headers === 'object' ? raw.headers : {}) as JsonTable;
  const body = renderBody(bodyOf(m));
  return {
    index, state: 'ready', seq: index, messageId: 0, lineage: 0, exchange: m.exchange, routingKey: m.routing_key,
    redelivered: m.redelivered, deliveries: m.redelivered ? 1 : 0, properties: propertiesToJson(props), headers,
    xDeath: xDeathOf(props.headers), body: { ...body, truncated: body.truncated || m.payload_bytes > TRUNCATE },
    size: m.payload_bytes, publishedAt: props.timestamp !== undefined ? Number(props.timestamp) * 1000 : 0, expiresAt: 0,
  };
}

function matches(m: BrowsedMessage, f: MessageFilter): boolean {
  const has = (v: unknown, part: string): boolean => String(typeof v === 'object' ? JSON.stringify(v) : v).toLowerCase().includes(part.toLowerCase());
  if (f.text && !has(m.body.text, f.text)) return false;
  if (f.header?.name) {
    if (!(f.header.name in m.headers)) return false;
    if (f.header.value && !has(m.headers[f.header.name], f.header.value)) return false;
  }
  if (f.property?.name) {
    const p = f.property.name;
    const v = p === 'routingKey' ? m.routingKey : p === 'exchange' ? m.exchange : (m.properties as Record<string, unknown>)[p];
    if (v === undefined || !has(v, f.property.value)) return false;
  }
  return true;
}

/** The ready messages offset..offset+limit (only ready ones: a get cannot see unacknowledged ones). */
export async function browseRemote(client: ManagementClient, vhost: string, queue: string, offset: number, limit: number, filter?: MessageFilter): Promise<BrowsePage> {
  const q = await client.get<ApiQueue>(apiPath('queues', vhost, queue));
  const ready = q.messages_ready ?? 0;
  const unacked = q.messages_unacknowledged ?? 0;
  const count = Math.min(filter ? BROWSE_MAX : offset + limit, BROWSE_MAX, ready);
  const got = count > 0
    ? await client.post<ApiMessage[]>(`${apiPath('queues', vhost, queue)}/get`, { count, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: TRUNCATE })
    : [];
  const all = (got ?? []).map(browsed);
  const found = filter ? all.filter((m) => matches(m, filter)).map((m, i) => ({ ...m, index: i })) : all;
  return {
    total: ready + unacked, ready, unacked, matched: filter ? found.length : ready + unacked, scanned: all.length,
    complete: all.length >= ready, offset, messages: found.slice(offset, offset + limit), notice: BROWSE_NOTICE,
  };
}

/** RabbitMQ's API publish says only whether the message was routed, not where. */
export async function publishRemote(client: ManagementClient, r: PublishRequest): Promise<PublishOutcome> {
  const props = jsonToProperties(r.properties, typedHeadersToTable(r.headers));
  const res = await client.post<{ routed: boolean }>(`${apiPath('exchanges', r.vhost, r.exchange)}/publish`, {
    properties: propertiesToApi(props), routing_key: r.routingKey, payload: r.body, payload_encoding: r.bodyEncoding === 'base64' ? 'base64' : 'string',
  });
  if (res?.routed) return { outcome: 'routed', routed: 1, queues: [], messageId: 0 };
  return { outcome: r.mandatory ? 'returned' : 'dropped', routed: 0, queues: [], messageId: 0 };
}
