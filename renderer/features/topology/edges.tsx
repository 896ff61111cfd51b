// One edge component for every relationship; its kind sets the style (dashed red for dead
// letters, dashed amber for alternate exchanges, thin for clients) and its label shows the
// routing key or header match and the measured rate.
import { EdgeLabelRenderer, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useWarren } from '../../store/context';
import { curvePath, edgeCurve, pointAt } from './geometry';
import type { GraphEdgeKind } from './graph';

export type FlowEdgeData = { kind: GraphEdgeKind; label: string; rateKey: string };
export type FlowEdgeType = Edge<FlowEdgeData, 'flow'>;

export function formatRate(r: number): string {
  if (r >= 10_000) return `${(r / 1000).toFixed(0)}k/s`;
  if (r >= 1000) return `${(r / 1000).toFixed(1)}k/s`;
  if (r >= 10) return `${Math.round(r)}/s`;
  return `${r.toFixed(1)}/s`;
}

export const FlowEdge = memo(function FlowEdge({ id, sourceX, sourceY, targetX, targetY, data, selected }: EdgeProps<FlowEdgeType>) {
  const rate = useWarren((s) => (data ? s.rates[data.rateKey] ?? 0 : 0));
  // the routing debugger's matched path
  const lit = useWarren((s) => s.routeLit?.edges.has(id) ?? false);
  if (!data) return null;
  const c = edgeCurve(sourceX, sourceY, targetX, targetY);
  const mid = pointAt(c, 0.5);
  const text = [data.label, rate > 0 ? formatRate(rate) : ''].filter(Boolean).join(' · ');
  return (
    <>
      <path d={curvePath(c)} className="edge-hit" />
      <path id={id} d={curvePath(c)} className={`edge edge-${data.kind} ${selected ? 'selected' : ''} ${rate > 0 ? 'busy' : ''} ${lit ? 'lit' : ''}`} data-lit={lit ? 'true' : undefined} />
      {text && (
        <EdgeLabelRenderer>
          <div className={`edge-label edge-label-${data.kind} ${selected ? 'selected' : ''} ${lit ? 'lit' : ''}`} data-testid={`edge-label-${id}`}
            style={{ transform: `translate(-50%, -50%) translate(${mid.x}px, ${mid.y}px)` }}>
            {text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

export const edgeTypes = { flow: FlowEdge };
