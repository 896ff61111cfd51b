import { describe, expect, it } from 'vitest';
import { FlowAnimator } from './animator';
import { HIT_RADIUS, hitTest, positionOf, type MarkerPoint } from './hit-test';

const pt = (id: number, x: number, y: number, r = 5): MarkerPoint => ({ id, kind: 'route', x, y, r });

describe('hit-testing markers', () => {
  it('finds the nearest marker within the radius, and nothing outside it', () => {
    const points = [pt(1, 100, 100), pt(2, 110, 100), pt(3, 300, 40)];
    expect(hitTest(points, 103, 101)?.id).toBe(1);
    expect(hitTest(points, 108, 99)?.id).toBe(2);
    expect(hitTest(points, 300 + HIT_RADIUS - 1, 40)?.id).toBe(3);
    expect(hitTest(points, 300 + HIT_RADIUS + 1, 40)).toBeNull();
    expect(hitTest(points, 200, 200)).toBeNull();
    expect(hitTest([], 0, 0)).toBeNull();
    // a big (zoomed-in, dead-letter) marker counts out to its own radius
    expect(hitTest([pt(4, 0, 0, 20)], 15, 0)?.id).toBe(4);
  });

  it('maps markers from the animator, at their position on the edge, to their message id', () => {
    const a = new FlowAnimator({ segmentMs: 100 });
    const all = () => true;
    a.ingest({ k: 'deliver', id: 41, queue: 'q', conn: 'c', redelivered: false }, 0, 1, all);
    a.ingest({ k: 'dead', id: 42, queue: 'w', reason: 'rejected', exchange: 'dlx', routingKey: 'k', hops: [['dlx', 'dlq', 'queue']] }, 0, 1, all);
    const boxes: Record<string, { x: number; y: number; w: number; h: number }> = {
      'q:q': { x: 0, y: 0, w: 100, h: 40 }, 'c:c': { x: 400, y: 0, w: 100, h: 40 },
      'q:w': { x: 0, y: 300, w: 100, h: 40 }, 'x:dlx': { x: 400, y: 300, w: 100, h: 40 }, 'q:dlq': { x: 800, y: 300, w: 100, h: 40 },
    };
    const box = (id: string) => boxes[id] ?? null;
    // halfway along both first edges (the dead letter's second hop has not started)
    const at = (clock: number, zoom = 1, tx = 0, ty = 0): MarkerPoint[] => a.markers.flatMap((m) => {
      const p = positionOf(m, clock, box);
      return p ? [{ id: m.id, kind: m.kind, x: tx + p.x * zoom, y: ty + p.y * zoom, r: 5 * zoom }] : [];
    });
    const points = at(50);
    expect(points.map((p) => p.id)).toEqual([41, 42]);
    expect(points[0]).toMatchObject({ x: 250, y: 20 });
    expect(hitTest(points, 252, 24)?.id).toBe(41);
    expect(hitTest(points, 250, 320)?.id).toBe(42);
    // panned and zoomed: the same markers, where they are drawn
    const moved = at(50, 0.5, 10, 20);
    expect(hitTest(moved, 10 + 125, 20 + 10)?.id).toBe(41);
    // the second hop of the dead letter carries the original message's id too
    expect(at(150).map((p) => p.id)).toEqual([42]);
    expect(positionOf(a.markers[0], 150, box)).toBeNull(); // finished
  });
});
