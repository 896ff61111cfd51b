// Edge geometry shared by the SVG edges and the marker overlay, so markers ride exactly on the
// drawn curves: a cubic Bézier leaving the source's right side and entering the target's left.
export interface Point { x: number; y: number }
export interface Curve { p0: Point; p1: Point; p2: Point; p3: Point }

export function edgeCurve(sx: number, sy: number, tx: number, ty: number): Curve {
  const dx = Math.max(60, Math.abs(tx - sx) / 2);
  return { p0: { x: sx, y: sy }, p1: { x: sx + dx, y: sy }, p2: { x: tx - dx, y: ty }, p3: { x: tx, y: ty } };
}

export function curvePath(c: Curve): string {
  return `M ${c.p0.x},${c.p0.y} C ${c.p1.x},${c.p1.y} ${c.p2.x},${c.p2.y} ${c.p3.x},${c.p3.y}`;
}

export function pointAt(c: Curve, t: number): Point {
  const u = 1 - t;
  const a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t;
  return { x: a * c.p0.x + b * c.p1.x + d * c.p2.x + e * c.p3.x, y: a * c.p0.y + b * c.p1.y + d * c.p2.y + e * c.p3.y };
}
