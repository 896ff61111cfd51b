// Node components. Each selects only its own record from the store, so one queue's depth change
// re-renders one node. `nodeTypes` is a module constant (xyflow re-mounts nodes otherwise).
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { exchangeNode, queueNode } from '../../../shared/ipc/ids';
import { useWarren } from '../../store/context';
import { HISTORY_SECONDS } from '../../store/stats-slice';
import { exchangeBadges, queueBadges, type Badge } from './badges';
import { clientLabel, displayName, protocolBadge, protocolLabel } from './graph';
import { exchangeLint, LintBadge, queueLint, useMqttBindingKeys } from '../lint/entity-lint';
import { SimulatedNode } from './simulated-node';

export type NameNode = Node<{ name: string }>;

function Badges({ list }: { list: Badge[] }) {
  if (list.length === 0) return null;
  return (
    <div className="badges">
      {list.map((b) => <span key={b.text} className={`badge ${b.tone ?? ''}`} title={b.title}>{b.text}</span>)}
    </div>
  );
}

function NodeError({ id }: { id: string }) {
  const err = useWarren((s) => s.errors[`node:${id}`]);
  return err ? <div className="node-error" role="alert">{err}</div> : null;
}

export const ExchangeNode = memo(function ExchangeNode({ data, selected }: NodeProps<NameNode>) {
  const x = useWarren((s) => s.exchanges.get(data.name));
  const lit = useWarren((s) => s.routeLit?.nodes.has(exchangeNode(data.name)) ?? false);
  if (!x) return null;
  const id = exchangeNode(x.name);
  return (
    <div className={`node exchange ${selected ? 'selected' : ''} ${lit ? 'lit' : ''}`} data-lit={lit ? 'true' : undefined} data-testid={`node-${id}`} aria-label={`exchange ${x.name}`}>
      <Handle type="target" position={Position.Left} />
      <div className="node-head">
        <span className={`kind kind-${x.type}`}>{x.type}</span>
        <span className="node-name" title={x.name}>{displayName(x.name)}</span>
        <LintBadge warnings={exchangeLint(x)} id={id} />
      </div>
      <Badges list={exchangeBadges(x)} />
      <Handle type="source" position={Position.Right} className="handle-source" title="drag to a queue or exchange to bind" />
      <NodeError id={id} />
    </div>
  );
});

function Sparkline({ name }: { name: string }) {
  const h = useWarren((s) => s.history.get(name));
  if (!h || h.ready.length < 2) return <svg className="spark" width={100} height={22} aria-hidden="true" />;
  const max = Math.max(1, ...h.ready, ...h.unacked);
  const pts = (a: number[]) => a.map((v, i) => `${((i + HISTORY_SECONDS - a.length) / (HISTORY_SECONDS - 1)) * 100},${21 - (v / max) * 20}`).join(' ');
  return (
    <svg className="spark" width={100} height={22} viewBox="0 0 100 22" preserveAspectRatio="none" aria-label="ready and unacked, last minute">
      <polyline points={pts(h.ready)} className="spark-ready" />
      <polyline points={pts(h.unacked)} className="spark-unacked" />
    </svg>
  );
}

export const QueueNode = memo(function QueueNode({ data, selected }: NodeProps<NameNode>) {
  const q = useWarren((s) => s.queues.get(data.name));
  const lit = useWarren((s) => s.routeLit?.nodes.has(queueNode(data.name)) ?? false);
  const mqttKeys = useMqttBindingKeys(data.name);
  if (!q) return null;
  const id = queueNode(q.name);
  const cap = typeof q.arguments['x-max-length'] === 'number' ? q.arguments['x-max-length'] : null;
  // depth bar: against max-length when there is one, else on a log scale up to 100k
  const fill = cap ? Math.min(1, q.ready / Math.max(1, cap)) : Math.min(1, Math.log10(1 + q.ready) / 5);
  return (
    <div className={`node queue ${selected ? 'selected' : ''} ${lit ? 'lit' : ''}`} data-lit={lit ? 'true' : undefined} data-testid={`node-${id}`} aria-label={`queue ${q.name}`}>
      <Handle type="target" position={Position.Left} />
      <div className="node-head">
        <span className="kind kind-queue">queue</span>
        <span className="node-name" title={q.name}>{q.name}</span>
        <LintBadge warnings={queueLint(q, mqttKeys)} id={id} />
      </div>
      <div className="counts">
        <span title="ready"><b data-testid={`ready-${q.name}`}>{q.ready}</b> ready</span>
        <span title="delivered, not yet acknowledged"><b data-testid={`unacked-${q.name}`}>{q.unacked}</b> unacked</span>
        <span title="consumers"><b>{q.consumers}</b> cons</span>
      </div>
      <div className="depth-row">
        <div className="depth" title={cap ? `${q.ready} of ${cap}` : `${q.ready} ready`}><div style={{ width: `${fill * 100}%` }} /></div>
        <Sparkline name={q.name} />
      </div>
      <Badges list={queueBadges(q)} />
      <Handle type="source" position={Position.Right} />
      <NodeError id={id} />
    </div>
  );
});

export const ClientNode = memo(function ClientNode({ data, type, selected }: NodeProps<NameNode>) {
  const c = useWarren((s) => s.connections.get(data.name));
  if (!c) return null;
  const role = type === 'consumer' ? 'consumer' : 'producer';
  return (
    <div className={`node client ${role} ${selected ? 'selected' : ''}`} data-testid={`node-${role[0]}:${c.id}`} aria-label={`${role} ${clientLabel(c.clientProperties, c.id)}`}>
      <Handle type="target" position={Position.Left} />
      <div className="node-head">
        <span className={`kind kind-${role}`}>{role}</span>
        <span className="node-name">{clientLabel(c.clientProperties, c.id)}</span>
        <span className={`badge protocol-badge protocol-${protocolBadge(c).split('/')[0].toLowerCase()}`} data-testid={`protocol-${c.id}`} title={protocolLabel(c)}>{protocolBadge(c)}</span>
      </div>
      <div className="client-addr">{c.address} · {protocolLabel(c)}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

export const nodeTypes = { exchange: ExchangeNode, queue: QueueNode, producer: ClientNode, consumer: ClientNode, simProducer: SimulatedNode, simConsumer: SimulatedNode };
