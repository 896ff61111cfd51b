// The live-flow overlay: ONE canvas over the graph, painted once per animation frame. Flow
// batches go into a ring buffer as they arrive; each frame drains it into the animator and
// paints. React never sees individual events (it gets rates once a second from the store).
import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { FlowEvent } from '../../shared/ipc/contract';
import { edgeCurve, pointAt } from '../features/topology/geometry';
import { useClient, useWarrenStore } from '../store/context';
import { COLORS, FlowAnimator } from './animator';
import { RingBuffer } from './ring-buffer';

export interface FlowDebug { received: number; markers: number; dead: number; bursts: number; alive: number; deadAlive: number }

export function FlowOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();
  const client = useClient();
  const store = useWarrenStore();

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
      for (const m of anim.markers) {
        const p = (clock - m.start) / m.dur;
        if (p < 0 || p > 1) continue;
        const a = box(m.from), b = box(m.to);
        if (!a || !b) continue;
        const curve = edgeCurve(a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2);
        const pt = pointAt(curve, m.reverse ? 1 - p : p);
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
        if (m.kind === 'dead') {
          deadAlive++;
          ctx.fillText(`☠ ${m.label ?? ''}`, pt.x + r * 2, pt.y - r * 2);
        } else if (m.label) {
          ctx.fillText(m.label, pt.x + r * 2, pt.y - r * 1.5);
        }
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
    return () => { cancelAnimationFrame(raf); ro.disconnect(); off(); };
  }, [client, rf, store]);

  return <canvas ref={canvasRef} className="flow-overlay" data-testid="flow-overlay" aria-hidden="true" />;
}
