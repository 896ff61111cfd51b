// Automatic layout with elkjs (layered, left to right: producers, exchanges, queues, consumers).
import ElkApi, { type ELK, type ElkNode } from 'elkjs/lib/elk-api.js';
import type { Layout } from '../../../shared/ipc/contract';
import { NODE_SIZE, type GraphEdge, type GraphNode } from './graph';

// elk runs in a Web Worker: laying out hundreds of nodes takes seconds of CPU that must not
// block the window. The window loads only elk's small API; its 1.6 MB algorithm is the worker's
// script. (jsdom has no Worker: tests load the in-thread bundle, a chunk a browser never fetches.)
let elk: Promise<ELK> | null = null;
const elkApi = (): Promise<ELK> => (elk ??= typeof Worker !== 'undefined'
  ? Promise.resolve(new ElkApi({ workerFactory: () => new Worker(new URL('elkjs/lib/elk-worker.min.js', import.meta.url)) as never }))
  : import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

const LAYER: Record<GraphNode['type'], string> = { producer: 'FIRST', simProducer: 'FIRST', exchange: 'NONE', queue: 'NONE', consumer: 'LAST', simConsumer: 'LAST' };
/** the column layout's columns: simulated clients stand with the other clients */
const COLUMN: Record<GraphNode['type'], 'producer' | 'exchange' | 'queue' | 'consumer'> = {
  producer: 'producer', simProducer: 'producer', exchange: 'exchange', queue: 'queue', consumer: 'consumer', simConsumer: 'consumer',
};

/** Above this many nodes elk's layered layout takes seconds; a column layout takes microseconds. */
export const ELK_MAX_NODES = 80;
/** how long elk may take before the column layout stands in */
export const ELK_TIMEOUT_MS = 3000;

export async function autoLayout(nodes: GraphNode[], edges: GraphEdge[]): Promise<Layout> {
  if (nodes.length === 0) return {};
  if (nodes.length > ELK_MAX_NODES) return columnLayout(nodes, edges);
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      // room between layers for an edge label (key and rate) clear of both nodes
      'elk.layered.spacing.nodeNodeBetweenLayers': '170',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.componentComponent': '60',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children: nodes.map((n) => ({
      id: n.id, ...NODE_SIZE[n.type],
      layoutOptions: LAYER[n.type] === 'NONE' ? {} : { 'elk.layered.layering.layerConstraint': LAYER[n.type] } as Record<string, string>,
    })),
    // dead-letter and alternate edges may point backwards; layering treats them like the rest
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  // If the worker does not answer in time (starved of CPU, or failed to start), lay out in columns
  // rather than leave the canvas empty; a later structure change asks elk again.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const out = await Promise.race([
    elkApi().then((e) => e.layout(graph)),
    new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ELK_TIMEOUT_MS); }),
  ]).finally(() => clearTimeout(timer));
  if (!out) return columnLayout(nodes, edges);
  const positions: Layout = {};
  for (const c of out.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}

/** Columns by role (producers, exchanges, queues, consumers); queues sorted by the average row of
 *  the exchanges that feed them (barycentre), so most edges run straight; tall columns wrap. */
export function columnLayout(nodes: GraphNode[], edges: GraphEdge[]): Layout {
  const GAP_X = 120, GAP_Y = 24, PER_COLUMN = 30;
  const byType = (t: GraphNode['type']) => nodes.filter((n) => COLUMN[n.type] === t);
  const row = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e.source); else incoming.set(e.target, [e.source]);
  }
  const order = (list: GraphNode[]): GraphNode[] => {
    const score = (n: GraphNode): number => {
      const src = (incoming.get(n.id) ?? []).map((s) => row.get(s)).filter((r): r is number => r !== undefined);
      return src.length ? src.reduce((a, b) => a + b, 0) / src.length : Number.MAX_SAFE_INTEGER;
    };
    return list.map((n) => [n, score(n)] as const).sort((a, b) => a[1] - b[1] || a[0].name.localeCompare(b[0].name)).map(([n]) => n);
  };
  const out: Layout = {};
  let x = 0;
  for (const type of ['producer', 'exchange', 'queue', 'consumer'] as const) {
    const list = type === 'producer' || type === 'exchange' ? byType(type).sort((a, b) => a.name.localeCompare(b.name)) : order(byType(type));
    if (list.length === 0) continue;
    const width = Math.max(...list.map((n) => NODE_SIZE[n.type].width));
    const height = Math.max(...list.map((n) => NODE_SIZE[n.type].height));
    const cols = Math.ceil(list.length / PER_COLUMN);
    list.forEach((n, i) => {
      const c = Math.floor(i / PER_COLUMN);
      const r = i % PER_COLUMN;
      out[n.id] = { x: x + c * (width + 30), y: r * (height + GAP_Y) };
      row.set(n.id, i);
    });
    x += cols * (width + 30) + GAP_X;
  }
  return out;
}
