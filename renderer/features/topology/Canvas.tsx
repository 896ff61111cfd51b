// The topology canvas: nodes and edges from the store, positions from the user (pinned, saved)
// or from elkjs, live flow painted on top. Drawing here performs real broker operations:
// connecting an exchange to a queue or exchange opens the binding dialog.
import {
  applyEdgeChanges, applyNodeChanges, Background, Controls, MiniMap, ReactFlow, useNodesInitialized, useReactFlow,
  type Connection, type Edge, type EdgeChange, type FitViewOptions, type Node, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Layout } from '../../../shared/ipc/contract';
import { nodeKind, nodeName } from '../../../shared/ipc/ids';
import { FlowOverlay } from '../../live/FlowOverlay';
import { useWarren, useWarrenStore } from '../../store/context';
import { autoLayout } from './auto-layout';
import { edgeTypes, type FlowEdgeType } from './edges';
import { buildGraph, NODE_SIZE, type GraphNode } from './graph';
import { nodeTypes, type NameNode } from './nodes';
import { useSimulatedPolling } from './simulated-node';

const MINIMAP_COLORS: Record<string, string> = { exchange: '#6cb6ff', queue: '#3ddc97', producer: '#c9a0ff', consumer: '#c9a0ff', simProducer: '#f0b35a', simConsumer: '#f0b35a' };
const minimapColor = (n: Node): string => MINIMAP_COLORS[n.type ?? ''] ?? '#888';

/** A small graph fits the window whole: the minimap shows from this many nodes on. */
export const MINIMAP_FROM_NODES = 16;
/** The margins a fitted graph keeps: clear of the zoom controls (bottom left) and, when it shows,
 *  of the minimap (bottom right, 200 px wide), with room on the right for a consumer's ack/reject label. */
const fitPadding = (minimap: boolean): FitViewOptions['padding'] => ({ top: '24px', bottom: '24px', left: '64px', right: minimap ? '232px' : '72px' });

/** Place nodes where elk put them, nudged down until they overlap nothing already placed. */
function placeWithoutOverlap(newNodes: GraphNode[], proposed: Layout, placed: Array<{ x: number; y: number; w: number; h: number }>): Layout {
  const out: Layout = {};
  for (const n of newNodes) {
    const p = proposed[n.id];
    if (!p) continue;
    const { width, height } = NODE_SIZE[n.type];
    let y = p.y;
    for (let guard = 0; guard < 500; guard++) {
      const hit = placed.find((b) => p.x < b.x + b.w && p.x + width > b.x && y < b.y + b.h && y + height > b.y);
      if (!hit) break;
      y = hit.y + hit.h + 24;
    }
    out[n.id] = { x: p.x, y };
    placed.push({ x: p.x, y, w: width, h: height });
  }
  return out;
}

export function Canvas() {
  const store = useWarrenStore();
  const inputs = useWarren(useShallow((s) => ({
    exchanges: s.exchanges, queues: s.queues, bindings: s.bindings, connections: s.connections, consumers: s.consumers,
    publishers: s.publishers, filter: s.filter, hideDefaults: s.hideDefaults, simulated: s.simulated, vhost: s.vhost,
  })));
  useSimulatedPolling();
  const { manual, auto, relayoutRequest, loaded } = useWarren(useShallow((s) => ({ manual: s.manual, auto: s.auto, relayoutRequest: s.relayoutRequest, loaded: s.loaded })));
  const graph = useMemo(() => buildGraph(inputs), [inputs]);
  const structure = useMemo(() => graph.nodes.map((n) => n.id).join('\n') + '\n--\n' + graph.edges.map((e) => e.id).join('\n'), [graph]);

  // ---- automatic layout ----
  // Every change of structure lays out the unpinned nodes afresh with elk (a left-to-right story:
  // producers, exchanges, queues, consumers); nodes the user dragged stay where they were put,
  // and automatic ones are nudged off them.
  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    // a burst of declarations (a client setting up) is laid out once, after it settles
    const timer = setTimeout(() => autoLayout(graph.nodes, graph.edges).then((pos) => {
      if (cancelled) return;
      const now = store.getState();
      const pinned = graph.nodes.filter((n) => now.manual[n.id]).map((n) => {
        const p = now.manual[n.id];
        return { x: p.x, y: p.y, w: NODE_SIZE[n.type].width, h: NODE_SIZE[n.type].height };
      });
      const free = graph.nodes.filter((n) => !now.manual[n.id]);
      now.setAuto(pinned.length ? placeWithoutOverlap(free, pos, pinned) : pos, true);
    }, (err) => store.getState().setNotice(`Automatic layout failed: ${String(err)}`)), 120);
    return () => { cancelled = true; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, relayoutRequest, loaded]);

  // ---- xyflow's controlled nodes and edges ----
  const [nodes, setNodes] = useState<NameNode[]>([]);
  const [edges, setEdges] = useState<FlowEdgeType[]>([]);
  useEffect(() => {
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      let same = true;
      const next: NameNode[] = [];
      for (const g of graph.nodes) {
        const p = manual[g.id] ?? auto[g.id];
        if (!p) continue; // not laid out yet: appears when the layout arrives
        const o = old.get(g.id);
        if (o && (o.dragging || (o.position.x === p.x && o.position.y === p.y && o.type === g.type))) {
          next.push(o);
          continue;
        }
        same = false;
        next.push({ id: g.id, type: g.type, position: p, data: { name: g.name }, selected: o?.selected ?? false, ...(o?.measured ? { measured: o.measured } : {}) });
      }
      return same && next.length === prev.length ? prev : next;
    });
  }, [graph.nodes, manual, auto]);
  useEffect(() => {
    setEdges((prev) => {
      const old = new Map(prev.map((e) => [e.id, e]));
      let same = prev.length === graph.edges.length;
      const next = graph.edges.map((g, i): FlowEdgeType => {
        const o = old.get(g.id);
        if (o && o.data?.label === g.label && o.source === g.source && o.target === g.target) {
          if (prev[i] !== o) same = false;
          return o;
        }
        same = false;
        return {
          id: g.id, type: 'flow', source: g.source, target: g.target, selected: o?.selected ?? false,
          data: { kind: g.kind, label: g.label, rateKey: g.rateKey },
          zIndex: g.kind === 'dlx' ? 1 : 0,
        };
      });
      return same ? prev : next; // stats ticks rebuild the graph; xyflow sees a change only when there is one
    });
  }, [graph.edges]);

  const userMoved = useRef(false);
  const onNodesChange = useCallback((changes: NodeChange<NameNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdgeType>[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  const onNodeDragStop = useCallback((_: unknown, _node: Node, dragged: Node[]) => {
    const st = store.getState();
    for (const n of dragged) st.moveNode(n.id, n.position);
    void store.getState().saveLayout();
  }, [store]);
  const onSelectionChange = useCallback(({ nodes: ns, edges: es }: OnSelectionChangeParams) => {
    const st = store.getState();
    if (ns.length === 1 && es.length === 0) st.select({ kind: 'node', id: ns[0].id });
    else if (es.length === 1 && ns.length === 0) st.select({ kind: 'edge', id: es[0].id });
    else if (ns.length === 0 && es.length === 0) st.select(null);
  }, [store]);
  const isValidConnection = useCallback((c: Connection | Edge) =>
    c.source !== c.target && nodeKind(c.source) === 'exchange' && (nodeKind(c.target) === 'queue' || nodeKind(c.target) === 'exchange'), []);
  const onConnect = useCallback((c: Connection) => {
    if (!isValidConnection(c)) return;
    store.getState().openDialog({ kind: 'bind', source: nodeName(c.source), destination: nodeName(c.target), destinationType: nodeKind(c.target) === 'queue' ? 'queue' : 'exchange' });
  }, [isValidConnection, store]);

  const container = useRef<HTMLDivElement>(null);
  const minimap = nodes.length >= MINIMAP_FROM_NODES;
  return (
    <div className="canvas" data-testid="canvas" ref={container}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onSelectionChange={onSelectionChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        minZoom={0.1}
        maxZoom={2.5}
        onMoveStart={(e) => { if (e) userMoved.current = true; }}
        onlyRenderVisibleElements={nodes.length > 150}
        proOptions={{ hideAttribution: true }}
        colorMode="dark"
      >
        <Background gap={24} size={1} />
        {minimap && <MiniMap pannable zoomable nodeColor={minimapColor} maskColor="rgba(10,14,20,0.7)" />}
        <Controls showInteractive={false} />
        <FlowOverlay />
        <FitWhileUntouched count={nodes.length} userMoved={userMoved} container={container} minimap={minimap} />
      </ReactFlow>
      {loaded && graph.nodes.length === 0 && (
        <div className="empty-hint">Nothing here yet. Add an exchange or a queue from the toolbar, or connect a client.</div>
      )}
    </div>
  );
}

/** Fit the view to the graph as it grows, until the user pans or zooms themselves; and when the
 *  canvas changes size (a tool dock opens or closes, the window is resized) fit it again into the
 *  space left, or, once the user has moved, keep what was at the centre at the centre. */
function FitWhileUntouched({ count, userMoved, container, minimap }: { count: number; userMoved: { current: boolean }; container: { current: HTMLDivElement | null }; minimap: boolean }) {
  const initialized = useNodesInitialized();
  const { fitView, getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (userMoved.current || !initialized || count === 0) return;
    void fitView({ padding: fitPadding(minimap), maxZoom: 1.1, duration: 200 });
  }, [initialized, count, fitView, userMoved, minimap]);
  useEffect(() => {
    const el = container.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = { w: el.clientWidth, h: el.clientHeight };
    const ro = new ResizeObserver(() => {
      const now = { w: el.clientWidth, h: el.clientHeight };
      if (now.w === last.w && now.h === last.h) return;
      const dw = now.w - last.w, dh = now.h - last.h;
      last = now;
      if (!initialized || count === 0 || now.h === 0) return;
      if (!userMoved.current) { void fitView({ padding: fitPadding(minimap), maxZoom: 1.1 }); return; }
      const v = getViewport();
      void setViewport({ x: v.x + dw / 2, y: v.y + dh / 2, zoom: v.zoom });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [container, initialized, count, fitView, getViewport, setViewport, userMoved, minimap]);
  return null;
}
