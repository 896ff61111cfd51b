// A simulated producer or consumer on the canvas: its name, state and counts, and its buttons
// (publish one, crash, stop). The list comes from main by polling, once a second while any exist.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';
import type { ConsumerSpec, ProducerSpec, SimulatedClient } from '../../../shared/model/simulate';
import { useWarren, useWarrenStore } from '../../store/context';
import { ChangeButton } from '../common/read-only';
import { displayName, type GraphNodeType } from './graph';
import type { NameNode } from './nodes';

export const SIMULATED_POLL_MS = 1000;

/** Loads the list when the canvas opens (a new broker, a reload) and when connections come and go
 *  (another window may have started one), and polls while any exist. */
export function useSimulatedPolling(): void {
  const store = useWarrenStore();
  const any = useWarren((s) => s.simulated.length > 0);
  const connections = useWarren((s) => s.connections);
  useEffect(() => { void store.getState().loadSimulated(); }, [store, connections]);
  useEffect(() => {
    if (!any) return;
    const t = setInterval(() => void store.getState().loadSimulated(), SIMULATED_POLL_MS);
    return () => clearInterval(t);
  }, [any, store]);
}

/** "published 12 · returned 1" / "received 9 · acked 6 · rejected 3" */
export function countsLine(c: SimulatedClient): string {
  const k = c.counts;
  const parts = c.kind === 'producer'
    ? [`published ${k.published}`, k.returned ? `returned ${k.returned}` : '']
    : [`received ${k.received}`, `acked ${k.acked}`, k.nacked ? `nacked ${k.nacked}` : '', k.rejected ? `rejected ${k.rejected}` : ''];
  return parts.filter(Boolean).join(' · ');
}

/** what it does, in a few words: "→ orders, key order.created, 5/s" */
function about(c: SimulatedClient): string {
  if (c.kind === 'producer') {
    const p = c.spec as ProducerSpec;
    const key = p.keyMode === 'random-words' ? 'random keys' : p.keyMode === 'round-robin' ? `${p.keys.length} keys in turn` : `key ${p.keys[0] || '(none)'}`;
    return `→ ${displayName(p.exchange)}, ${key}, ${p.rate > 0 ? `${p.rate}/s` : 'on click'}`;
  }
  const q = c.spec as ConsumerSpec;
  return `← ${q.queue}, prefetch ${q.prefetch || '∞'}, ${q.ack} ack`;
}

export const SimulatedNode = memo(function SimulatedNode({ data, type, selected }: NodeProps<NameNode> & { type: GraphNodeType }) {
  const c = useWarren((s) => s.simulated.find((x) => x.id === data.name));
  const error = useWarren((s) => s.errors[`sim:${data.name}`]);
  const act = useWarren((s) => s.simulatedAction);
  if (!c) return null;
  const live = c.state === 'running';
  return (
    <div className={`node client simulated ${type === 'simConsumer' ? 'consumer' : 'producer'} state-${c.state} ${selected ? 'selected' : ''}`}
      data-testid={`sim-${c.name}`} aria-label={c.name}>
      <Handle type="target" position={Position.Left} />
      <div className="node-head">
        <span className={`kind kind-${c.kind}`}>{c.kind}</span>
        <span className="node-name" title={c.name}>{c.name.replace(/^simulated (producer|consumer) /, 'sim ')}</span>
        <span className={`badge sim-state sim-${c.state}`} data-testid={`sim-state-${c.name}`} title={c.error ?? undefined}>{c.state}</span>
      </div>
      <div className="client-addr" title={about(c)}>{about(c)}</div>
      <div className="counts" data-testid={`sim-counts-${c.name}`}>{countsLine(c)}</div>
      <div className="sim-actions nodrag">
        {c.kind === 'producer' && <ChangeButton disabled={!live} onClick={() => void act('publishSimulated', c.id)} aria-label={`publish one from ${c.name}`}>Publish one</ChangeButton>}
        {c.kind === 'consumer' && <ChangeButton disabled={!live} onClick={() => void act('crashSimulated', c.id)} aria-label={`crash ${c.name}`} title="drop the connection with its unacked messages">Crash</ChangeButton>}
        <ChangeButton onClick={() => void act('stopSimulated', c.id)} aria-label={`stop ${c.name}`}>Stop</ChangeButton>
      </div>
      <Handle type="source" position={Position.Right} />
      {(error || c.error) && <div className="node-error" role="alert">{error ?? c.error}</div>}
    </div>
  );
});
