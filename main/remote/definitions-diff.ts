// Two brokers' definitions (RabbitMQ's JSON: GET /api/definitions, or /api/definitions/{vhost})
// compared kind by kind: what only one side has, and what both have but differently, field by
// field. Users are compared by name and tags only: password hashes never enter the result. Pure.
import type { DefinitionsDiff, DefinitionsDiffSection } from '../../shared/model/remote';

type Item = Record<string, unknown>;

interface Kind {
  /** the definitions key, also the section's kind */
  key: string;
  /** global kinds (not per vhost) are left out when one vhost is compared */
  global: boolean;
  /** the object's name within the kind, without the vhost */
  name(i: Item): string;
  /** what is compared; absent fields take RabbitMQ's defaults so exports of other versions agree */
  fields(i: Item): Item;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : v === undefined || v === null ? fallback : String(v));
const table = (v: unknown): Item => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Item : {});
/** tags come as a list or a comma-separated string (older exports); order means nothing */
const tags = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map((t) => str(t)) : str(v).split(',')).map((t) => t.trim()).filter((t) => t !== '').sort();

const KINDS: Kind[] = [
  {
    key: 'vhosts', global: true, name: (v) => str(v.name),
    fields: (v) => {
      const meta = table(v.metadata);
      return { description: str(v.description ?? meta.description), tags: tags(v.tags ?? meta.tags), default_queue_type: str(v.default_queue_type ?? meta.default_queue_type, 'classic') };
    },
  },
  { key: 'users', global: true, name: (u) => str(u.name), fields: (u) => ({ tags: tags(u.tags) }) },
  {
    key: 'permissions', global: false, name: (p) => str(p.user),
    fields: (p) => ({ configure: str(p.configure), write: str(p.write), read: str(p.read) }),
  },
  {
    key: 'policies', global: false, name: (p) => str(p.name),
    fields: (p) => ({ pattern: str(p.pattern), 'apply-to': str(p['apply-to'], 'all'), priority: p.priority ?? 0, definition: table(p.definition) }),
  },
  {
    key: 'exchanges', global: false, name: (x) => str(x.name),
    fields: (x) => ({ type: str(x.type), durable: x.durable ?? true, auto_delete: x.auto_delete ?? false, internal: x.internal ?? false, arguments: table(x.arguments) }),
  },
  {
    key: 'queues', global: false, name: (q) => str(q.name),
    fields: (q) => ({ durable: q.durable ?? true, auto_delete: q.auto_delete ?? false, arguments: table(q.arguments) }),
  },
  {
    // a binding is all identity: two differ only by being there or not
    key: 'bindings', global: false,
    name: (b) => {
      const args = table(b.arguments);
      return `${str(b.source)} -> ${str(b.destination_type, 'queue')} ${str(b.destination)} (${str(b.routing_key)})${Object.keys(args).length > 0 ? ` ${canonical(args)}` : ''}`;
    },
    fields: () => ({}),
  },
];

/** `vhost`: compare that vhost only (the global kinds, vhosts and users, are left out). Items
 *  without a vhost field (a one-vhost export) count as in `vhost`, else in '/'. */
export function diffDefinitions(left: Item, right: Item, names: { left: string; right: string }, vhost?: string): DefinitionsDiff {
  const sections = KINDS.filter((k) => vhost === undefined || !k.global).map((k) => section(k, left, right, vhost));
  return { left: names.left, right: names.right, vhost: vhost ?? null, sections };
}

function section(kind: Kind, left: Item, right: Item, vhost: string | undefined): DefinitionsDiffSection {
  const l = indexed(kind, left, vhost);
  const r = indexed(kind, right, vhost);
  const out: DefinitionsDiffSection = { kind: kind.key, onlyLeft: [], onlyRight: [], changed: [], same: 0 };
  for (const [key, a] of l) {
    const b = r.get(key);
    if (!b) { out.onlyLeft.push(key); continue; }
    const differing = Object.keys({ ...a, ...b }).filter((f) => canonical(a[f]) !== canonical(b[f]));
    if (differing.length === 0) out.same++;
    else out.changed.push({ key, left: pick(a, differing), right: pick(b, differing) });
  }
  for (const key of r.keys()) if (!l.has(key)) out.onlyRight.push(key);
  out.onlyLeft.sort();
  out.onlyRight.sort();
  out.changed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return out;
}

/** key ("vhost / name", or the name for global kinds) -> compared fields */
function indexed(kind: Kind, defs: Item, vhost: string | undefined): Map<string, Item> {
  const list = Array.isArray(defs[kind.key]) ? defs[kind.key] as unknown[] : [];
  const out = new Map<string, Item>();
  for (const raw of list) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const item = raw as Item;
    if (kind.global) { out.set(kind.name(item), kind.fields(item)); continue; }
    const where = str(item.vhost, vhost ?? '/');
    if (vhost !== undefined && where !== vhost) continue;
    out.set(`${where} / ${kind.name(item)}`, kind.fields(item));
  }
  return out;
}

const pick = (o: Item, keys: string[]): Item => Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));

/** JSON with object keys sorted, so that key order never counts as a difference */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Item)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
