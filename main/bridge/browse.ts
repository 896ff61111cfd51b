// The message browser: windows of a queue's messages read in place (nothing is consumed and no
// redelivered flag is set), server-side search with a bounded scan, and the actions on selected
// messages (delete, move or copy to an exchange or queue, export).
import { connectionName } from '../../shared/model/connection-name';
import type { BrowsePage, BrowsedMessage, ExportedMessage, MessageFilter, MoveTarget } from '../../shared/model/messages';
import type { Broker } from '../broker/broker';
import { notFound } from '../broker/errors';
import { tableGet } from '../broker/field-values';
import { Message } from '../broker/message';
import type { Queue } from '../broker/queues/queue';
import type { QueueEntry } from '../broker/queues/queue-entry';
import type { VHost } from '../broker/vhost';
import { bodyPreview, browsedMessage, exportedMessage, headerText, propertiesToJson } from './message-view';

/** a search looks at no more than this many messages per request (the page says if it stopped) */
export const SCAN_LIMIT = 200_000;
const SEARCH_BODY_BYTES = 64 * 1024;

interface Held { entry: QueueEntry; connectionId: string; connectionName: string; location: string; consumerTag: string | null; deliveryTag: number }

function heldIn(broker: Broker, q: Queue): Held[] {
  const out: Held[] = [];
  for (const c of broker.clients.values()) {
    const name = connectionName(c.info.clientProperties) ?? c.info.id;
    for (const h of c.unacked()) {
      if (h.entry.queue !== q) continue;
      out.push({ entry: h.entry, connectionId: c.info.id, connectionName: name, location: h.location, consumerTag: h.consumerTag, deliveryTag: h.deliveryTag });
    }
  }
  return out.sort((a, b) => a.entry.seq - b.entry.seq);
}

function row(e: QueueEntry, index: number, held: Held | null): BrowsedMessage {
  return browsedMessage(e.message, {
    index, state: held ? 'unacked' : 'ready', seq: e.seq, redelivered: e.redelivered, deliveries: e.deliveries, expiresAt: e.expiresAt,
    ...(held ? { holder: { connectionId: held.connectionId, connectionName: held.connectionName, location: held.location, consumerTag: held.consumerTag, deliveryTag: held.deliveryTag } } : {}),
  });
}

const lower = (s: string | undefined): string => (s ?? '').toLowerCase();

export function matcher(f: MessageFilter | undefined): ((e: QueueEntry) => boolean) | null {
  if (!f) return null;
  const text = lower(f.text);
  const hName = f.header?.name ?? '';
  const hValue = lower(f.header?.value);
  const pName = f.property?.name ?? '';
  const pValue = lower(f.property?.value);
  if (!text && !hName && !pName) return null;
  return (e) => {
    const m = e.message;
    if (hName) {
      const v = tableGet(m.properties.headers, hName);
      if (!v) return false;
      if (hValue && !headerText(v).toLowerCase().includes(hValue)) return false;
    }
    if (pName) {
      const props = propertiesToJson(m.properties) as Record<string, unknown>;
      const pv = pName === 'routingKey' ? m.routingKey : pName === 'exchange' ? m.exchange : props[pName];
      if (pv === undefined || !String(pv).toLowerCase().includes(pValue)) return false;
    }
    if (text && !bodyPreview(m, SEARCH_BODY_BYTES).toString('utf8').toLowerCase().includes(text)) return false;
    return true;
  };
}

export function browse(broker: Broker, v: VHost, name: string, offset: number, limit: number, filter?: MessageFilter): BrowsePage {
  const q = v.queue(name);
  if (!q) throw notFound('queue', name, v.name);
  const held = heldIn(broker, q);
  const ready = q.messageCount;
  const total = ready + held.length;
  const messages: BrowsedMessage[] = [];
  const match = matcher(filter);
  if (!match) {
    // Ready messages in queue order, then the unacknowledged ones.
    let i = 0;
    if (offset < ready) {
      for (const e of q.messages) {
        if (i >= offset + limit) break;
        if (i >= offset) messages.push(row(e, i, null));
        i++;
      }
    }
    for (let j = Math.max(0, offset - ready); j < held.length && ready + j < offset + limit; j++) messages.push(row(held[j].entry, ready + j, held[j]));
    return { total, ready, unacked: held.length, matched: total, scanned: total, complete: true, offset, messages };
  }
  let scanned = 0;
  let matched = 0;
  const visit = (e: QueueEntry, h: Held | null): boolean => {
    if (scanned >= SCAN_LIMIT) return false;
    scanned++;
    if (!match(e)) return true;
    if (matched >= offset && matched < offset + limit) messages.push(row(e, matched, h));
    matched++;
    return true;
  };
  let complete = true;
  for (const e of q.messages) if (!visit(e, null)) { complete = false; break; }
  if (complete) for (const h of held) if (!visit(h.entry, h)) { complete = false; break; }
  return { total, ready, unacked: held.length, matched, scanned, complete, offset, messages };
}

export function exportMessages(broker: Broker, v: VHost, name: string, seqs: number[]): ExportedMessage[] {
  const q = v.queue(name);
  if (!q) throw notFound('queue', name, v.name);
  const want = new Set(seqs);
  const out: ExportedMessage[] = [];
  for (const e of q.messages) if (want.has(e.seq)) out.push(exportedMessage(e.message, e.redelivered));
  for (const h of heldIn(broker, q)) if (want.has(h.entry.seq)) out.push(exportedMessage(h.entry.message, h.entry.redelivered));
  return out;
}

export function deleteMessages(v: VHost, name: string, seqs: number[]): { deleted: number; skipped: number } {
  const q = v.queue(name);
  if (!q) throw notFound('queue', name, v.name);
  const deleted = q.removeReady(new Set(seqs)).length;
  return { deleted, skipped: seqs.length - deleted };
}

/** A fresh message with the same properties and body (the lineage is kept, so traces follow it). */
export function copyOf(m: Message, exchange: string, routingKey: string, now: number): Message {
  const c = new Message(exchange, routingKey, m.properties, null, m.body, m.bodySize, now);
  c.lineage = m.lineage;
  return c;
}

export function moveMessages(v: VHost, name: string, seqs: number[], target: MoveTarget, copy: boolean): { moved: number; unroutable: number; skipped: number } {
  const q = v.queue(name);
  if (!q) throw notFound('queue', name, v.name);
  // Check the target before anything leaves the queue.
  const x = v.publishTarget(target.kind === 'exchange' ? target.name : '');
  if (target.kind === 'queue' && !v.queue(target.name)) throw notFound('queue', target.name, v.name);
  const want = new Set(seqs);
  const entries = copy ? [...q.messages].filter((e) => want.has(e.seq)) : q.removeReady(want);
  let unroutable = 0;
  const now = Date.now();
  for (const e of entries) {
    const key = target.kind === 'queue' ? target.name : target.routingKey ?? e.message.routingKey;
    const r = v.publish(x, copyOf(e.message, x.name, key, now), false, null);
    if (r.routed === 0) unroutable++;
  }
  return { moved: entries.length, unroutable, skipped: seqs.length - entries.length };
}
