// A shovel's state in rabbitmq_shovel_management's JSON (GET /api/shovels), and the window's row
// of a shovel made from that JSON and its definition, so that the embedded broker and a remote
// one (whose management API gives the same JSON) fill the Shovels tab alike.
import type { ShovelRow, ShovelRowState } from '../../shared/model/shovels';
import type { Shovels, ShovelStatus } from './shovels';
import { parseShovelUri } from './uri';

/** rabbit_shovel_mgmt_util:format_ts: local time, the hour not padded */
export function shovelTimestamp(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${d.getHours()}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function shovelJson(node: string, s: ShovelStatus): Record<string, unknown> {
  const head = { node, timestamp: shovelTimestamp(s.since), name: s.name, vhost: s.vhost, type: s.type, state: s.state };
  if (s.state === 'running') return { ...head, ...s.endpoints };
  if (s.state === 'terminated') return { ...head, reason: s.reason ?? '' };
  return head;
}

/** The shovels as the management API drives them (main/http's ApiEnv.shovels). */
export function shovelsApi(shovels: Shovels, node: string) {
  return {
    list: () => shovels.list().map((s) => ({ ...shovelJson(node, s), vhost: s.vhost, name: s.name })),
    restart: (vhost: string, name: string): boolean => shovels.restart(vhost, name),
    delete: (vhost: string, name: string): boolean => shovels.delete(vhost, name),
  };
}

export interface ShovelParameter { vhost: string; name: string; value: unknown }

/** One row per definition, with the state its status reports (if any). */
export function shovelRows(parameters: ShovelParameter[], statuses: Array<Record<string, unknown>>): ShovelRow[] {
  return parameters.map((p) => {
    const v = (p.value ?? {}) as Record<string, unknown>;
    const s = statuses.find((x) => x.vhost === p.vhost && x.name === p.name);
    const state = (typeof s?.state === 'string' ? s.state : 'not running') as ShovelRowState;
    return {
      vhost: p.vhost, name: p.name, state,
      reason: typeof s?.reason === 'string' ? s.reason : null,
      since: typeof s?.timestamp === 'string' ? s.timestamp : null,
      source: `${end(v, 'src')} on ${uriShown(v['src-uri'])}`,
      destination: `${end(v, 'dest')} on ${uriShown(v['dest-uri'])}`,
      ackMode: String(v['ack-mode'] ?? 'on-confirm'),
      deleteAfter: String(v['src-delete-after'] ?? v['delete-after'] ?? 'never'),
    };
  }).sort((a, b) => (a.vhost === b.vhost ? cmp(a.name, b.name) : cmp(a.vhost, b.vhost)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function end(v: Record<string, unknown>, side: 'src' | 'dest'): string {
  const queue = v[`${side}-queue`];
  if (typeof queue === 'string') return `queue '${queue}'`;
  const x = v[`${side}-exchange`];
  const key = v[`${side}-exchange-key`];
  if (typeof x !== 'string') return side === 'dest' ? 'the message\'s exchange' : '?';
  return `exchange '${x}'${typeof key === 'string' ? ` (key '${key}')` : ''}`;
}

function uriShown(uri: unknown): string {
  const first = Array.isArray(uri) ? uri[0] : uri;
  if (typeof first !== 'string') return '?';
  try { return parseShovelUri(first).shown; } catch { return first; }
}
