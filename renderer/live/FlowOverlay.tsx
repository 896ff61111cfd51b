// The live-flow overlay: ONE canvas over the graph, painted once per animation frame. Flow
// batches go into a ring buffer as they arrive; each frame drains it into the animator and
// paints. React never sees individual events (it gets rates once a second from the store).
// The canvas lets pointer events through (the graph below stays usable); clicks are hit-tested at
// the wrapper, markers first: a click on a marker opens its message's trace (easiest while paused,
// when markers stand still), any other click goes on to React Flow untouched.
import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { FlowEvent } from '../../shared/ipc/contract';
import { useClient, useWarren, useWarrenStore } from '../store/context';
import { COLORS, FlowAnimator, type MarkerKind } from './animator';
import { hitTest, positionOf, type MarkerPoint } from './hit-test';
import { RingBuffer } from './ring-buffer';

/** Test hook: the markers drawn in the last frame, in viewport (client) pixels. */
export interface MarkerOnScreen { id: number; kind: MarkerKind; x: number; y: number }
declare global {
  interface Window { __warrenMarkers?: () => MarkerOnScreen[] }
}

export interface FlowDebug { received: number; markers: number; dead: number; bursts: number; alive: number; deadAlive: number }

export function FlowOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();
  const client = useClient();
  const store = useWarrenStore();
  const paused = useWarren((s) => s.paused);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d');
    if (!ctx) return; // jsdom
    const ring = new RingBuffer<FlowEvent>(4096);
    const anim = new FlowAnimator();
    let received = 0;
    const off = client.on('flow', (b) => {
      received += b.events.length;
      for (const e of b.events) if (!ring.push(e)) break;
    });
    let clock = 0;
    let lastFrame = performance.now();
    let raf = 0;
    let lastDebug = 0;
    const parent = canvas.parentElement!;
    let width = 0, height = 0;
    const resize = (): void => {
      const dpr = window.devicePixelRatio || 1;
      width = parent.clientWidth;
      height = parent.clientHeight;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    };
    const ro = new ResizeObserver(resize);
    ro.observe(parent);
    resize();

    type Box = { x: number; y: number; w: number; h: number };
    const box = (id: string): Box | null => {
      const n = rf.getState().nodeLookup.get(id);
      if (!n || n.hidden || !n.measured?.width) return null;
      const p = n.internals.positionAbsolute;
      return { x: p.x, y: p.y, w: n.measured.width, h: n.measured.height ?? 0 };
    };
    const visible = (id: string): boolean => rf.getState().nodeLookup.has(id);

    // where each marker was drawn this frame (wrapper pixels), for clicks and hover
    let points: MarkerPoint[] = [];
    let pointer: { x: number; y: number } | null = null;
    const local = (e: MouseEvent): { x: number; y: number } => {
      const r = parent.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    /** the marker under a pointer event, unless it is over a panel (minimap, zoom controls) */
    const hitOf = (e: MouseEvent): MarkerPoint | null => {
      if (e.button !== 0 || (e.target instanceof Element && e.target.closest('.react-flow__panel'))) return null;
      const p = local(e);
      return hitTest(points, p.x, p.y);
    };
    const swallow = (e: MouseEvent): void => {
      if (!hitOf(e)) return; // not on a marker: React Flow gets it
      e.stopPropagation();
      e.preventDefault();
    };
    const onClick = (e: MouseEvent): void => {
      const hit = hitOf(e);
      if (!hit) return;
      e.stopPropagation();
      e.preventDefault();
      store.getState().trace(hit.id);
    };
    const setHover = (): void => {
      const over = pointer !== null && hitTest(points, pointer.x, pointer.y) !== null;
      parent.classList.toggle('marker-hover', over);
    };
    const onMove = (e: PointerEvent): void => { pointer = local(e); setHover(); };
    const onLeave = (): void => { pointer = null; setHover(); };
    // capture phase on the wrapper: we look before React Flow's pane, nodes and edges do
    parent.addEventListener('pointerdown', swallow, true);
    parent.addEventListener('mousedown', swallow, true);
    parent.addEventListener('click', onClick, true);
    parent.addEventListener('pointermove', onMove, { passive: true });
    parent.addEventListener('pointerleave', onLeave);
    window.__warrenMarkers = () => {
      const r = parent.getBoundingClientRect();
      return points.map((p) => ({ id: p.id, kind: p.kind, x: r.left + p.x, y: r.top + p.y }));
    };

    const frame = (t: number): void => {
      raf = requestAnimationFrame(frame);
      const { paused, speed } = store.getState();
      const dt = Math.min(100, t - lastFrame);
      lastFrame = t;
      if (paused) {
        ring.clear(); // a paused picture shows what was; new traffic is not queued for later
      } else {
        clock += dt;
        ring.drain((e) => anim.ingest(e, clock, speed, visible));
        anim.prune(clock);
      }
      const [tx, ty, zoom] = rf.getState().transform;
      ctx.clearRect(0, 0, width, height);
      ctx.save();
      ctx.translate(tx, ty);
      ctx.scale(zoom, zoom);
      const r = 5 / Math.max(0.6, Math.min(zoom, 1.6));
      ctx.font = `${11 / Math.max(0.6, Math.min(zoom, 1.6))}px system-ui, sans-serif`;
      let deadAlive = 0;
      const drawn: MarkerPoint[] = [];
      for (const m of anim.markers) {
        const pt = positionOf(m, clock, box);
        if (!pt) continue;
        drawn.push({ id: m.id, kind: m.kind, x: tx + pt.x * zoom, y: ty + pt.y * zoom, r: (m.kind === 'dead' ? r * 1.4 : r) * zoom });
        const color = COLORS[m.kind];
        ctx.fillStyle = color;
        ctx.globalAlpha = 0.25;
        ctx.beginPath();
        ctx.arc(pt.x, pt.y, m.kind === 'dead' ? r * 2.4 : r * 1.8, 0, Math.PI * 2);
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.beginPath();
        ctx.arc(pt.x, pt.y, m.kind === 'dead' ? r * 1.4 : r, 0, Math.PI * 2);
        ctx.fill();
        if (m.kind === 'dead') deadAlive++;
        const text = m.kind === 'dead' ? `☠ ${m.label ?? ''}` : m.label;
        // a label is drawn only while it clears the node ahead: never over a node's title or badges
        if (text && labelClears(text, pt.x + r * 2, m, box, ctx)) ctx.fillText(text, pt.x + r * 2, pt.y - r * (m.kind === 'dead' ? 2 : 1.5));
      }
      for (const bu of anim.bursts) {
        const p = (clock - bu.start) / bu.dur;
        if (p < 0 || p > 1) continue;
        const b = box(bu.at);
        if (!b) continue;
        const color = COLORS[bu.kind];
        const cx = bu.kind === 'unroutable' ? b.x + b.w / 2 : b.x + b.w;
        const cy = bu.kind === 'unroutable' ? b.y + b.h / 2 : b.y + b.h / 2;
        ctx.strokeStyle = color;
        ctx.globalAlpha = 1 - p;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.arc(cx, cy, 6 + p * (bu.kind === 'unroutable' ? 60 : 22), 0, Math.PI * 2);
        ctx.stroke();
        if (bu.label) {
          ctx.fillStyle = color;
          ctx.fillText(bu.label, cx + 10, b.y - 6);
        }
        ctx.globalAlpha = 1;
      }
      ctx.restore();
      points = drawn;
      if (pointer) setHover();
      if (t - lastDebug > 250) {
        lastDebug = t;
        const d: FlowDebug = { received, markers: anim.counts.markers, dead: anim.counts.dead, bursts: anim.counts.bursts, alive: anim.markers.length, deadAlive };
        canvas.dataset.received = String(d.received);
        canvas.dataset.markers = String(d.markers);
        canvas.dataset.dead = String(d.dead);
        canvas.dataset.bursts = String(d.bursts);
      }
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf); ro.disconnect(); off();
      parent.removeEventListener('pointerdown', swallow, true);
      parent.removeEventListener('mousedown', swallow, true);
      parent.removeEventListener('click', onClick, true);
      parent.removeEventListener('pointermove', onMove);
      parent.removeEventListener('pointerleave', onLeave);
      parent.classList.remove('marker-hover');
      delete window.__warrenMarkers;
    };
  }, [client, rf, store]);

  return (
    <>
      <canvas ref={canvasRef} className="flow-overlay" data-testid="flow-overlay" aria-hidden="true" />
      {paused && <div className="flow-hint" role="note">Paused · click a marker to trace its message</div>}
    </>
  );
}

/** True when `text`, drawn from x, ends before the box the marker is heading into begins. */
function labelClears(text: string, x: number, m: { to: string; from: string; reverse?: boolean }, box: (id: string) => { x: number; w: number } | null, ctx: CanvasRenderingContext2D): boolean {
  const ahead = box(m.reverse ? m.from : m.to);
  if (!ahead) return true;
  const end = x + ctx.measureText(text).width;
  return m.reverse ? x > ahead.x + ahead.w : end < ahead.x - 4;
}
