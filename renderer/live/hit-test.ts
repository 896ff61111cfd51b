// Which marker is under the pointer? The overlay records where it drew each marker this frame
// (in pixels, relative to the canvas wrapper); a click or hover is tested against that list.
// Pure (no DOM), so it is tested without a browser.
import { edgeCurve, pointAt, type Point } from '../features/topology/geometry';
import type { Marker, MarkerKind } from './animator';

/** a marker as drawn: its message, and where on screen (wrapper pixels) with what radius */
export interface MarkerPoint { id: number; kind: MarkerKind; x: number; y: number; r: number }

/** how far from a marker's centre a click still counts (px) */
export const HIT_RADIUS = 8;

type Box = { x: number; y: number; w: number; h: number };

/** Where a marker is at `clock` in flow coordinates, or null if it is not on screen now. */
export function positionOf(m: Marker, clock: number, box: (id: string) => Box | null): Point | null {
  const p = (clock - m.start) / m.dur;
  if (p < 0 || p > 1) return null;
  const a = box(m.from), b = box(m.to);
  if (!a || !b) return null;
  return pointAt(edgeCurve(a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2), m.reverse ? 1 - p : p);
}

/** The marker nearest to (x, y) within `radius` (or its own drawn radius, if larger); later-drawn wins ties. */
export function hitTest(points: readonly MarkerPoint[], x: number, y: number, radius = HIT_RADIUS): MarkerPoint | null {
  let best: MarkerPoint | null = null;
  let bestD = Infinity;
  for (const p of points) {
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= Math.max(radius, p.r) && d <= bestD) { best = p; bestD = d; }
  }
  return best;
}
