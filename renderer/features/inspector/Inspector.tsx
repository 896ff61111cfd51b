// The inspector: properties of the selected exchange, queue, client or edge, and the actions on
// it (purge, delete, unbind, close a connection). Errors from those actions show here, in words.
import { exchangeNode, nodeKind, nodeName, queueNode } from '../../../shared/ipc/ids';
import type { JsonTable, PolicyInfo } from '../../../shared/model/topology';
import { useWarren, useWarrenStore } from '../../store/context';
import { formatRate } from '../topology/edges';
import { bindingLabel, clientLabel, displayName, protocolLabel } from '../topology/graph';
import { ChangeButton } from '../common/read-only';
import { isDeadLetterQueue, ReturnDeadLetters } from './ReturnDeadLetters';
import { exchangeLint, LintList, queueLint } from '../lint/entity-lint';
import { bindingWarnings } from '../../../shared/lint/compat-lint';
import { DelayedMessages } from './DelayedMessages';
import { SimulatedInspector, useSimulatedAt } from './SimulatedInspector';

function Args({ args }: { args: JsonTable }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return <p className="muted">no arguments</p>;
  return (
    <table className="kv"><tbody>
      {entries.map(([k, v]) => <tr key={k}><th>{k}</th><td>{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>)}
    </tbody></table>
  );
}

/** The policy and operator policy applying, and the definition they give together. */
function Policy({ policy }: { policy: PolicyInfo | undefined }) {
  if (!policy) return <p className="muted">no policy</p>;
  return (
    <>
      <table className="kv"><tbody>
        <tr><th>policy</th><td>{policy.name ?? '—'}</td></tr>
        <tr><th>operator policy</th><td>{policy.operator ?? '—'}</td></tr>
      </tbody></table>
      <Args args={policy.definition} />
    </>
  );
}

function Err({ target }: { target: string }) {
  const err = useWarren((s) => s.errors[target]);
  return err ? <p className="form-error" role="alert">{err}</p> : null;
}

function ExchangeInspector({ name }: { name: string }) {
  const x = useWarren((s) => s.exchanges.get(name));
  const bindings = useWarren((s) => s.bindings);
  const openDialog = useWarren((s) => s.openDialog);
  const setTool = useWarren((s) => s.setTool);
  if (!x) return <p className="muted">This exchange no longer exists.</p>;
  const out = bindings.filter((b) => b.source === name);
  const builtIn = name === '' || name.startsWith('amq.');
  return (
    <>
      <h3><span className={`kind kind-${x.type}`}>{x.type}</span> {displayName(x.name)}</h3>
      <table className="kv"><tbody>
        <tr><th>durable</th><td>{String(x.durable)}</td></tr>
        <tr><th>auto-delete</th><td>{String(x.autoDelete)}</td></tr>
        <tr><th>internal</th><td>{String(x.internal)}</td></tr>
      </tbody></table>
      <h4>Arguments</h4><Args args={x.arguments} />
      <h4>Policy</h4><Policy policy={x.policy} />
      <LintList warnings={exchangeLint(x)} />
      {x.type === 'x-delayed-message' && <DelayedMessages exchange={name} />}
      <h4>Bindings ({out.length})</h4>
      <ul className="plain">{out.map((b, i) => <li key={i}>→ {b.destinationType} <code>{b.destination}</code> <span className="muted">{bindingLabel(b)}</span></li>)}</ul>
      <p className="hint">Drag from the exchange's right handle to a queue or exchange to bind.</p>
      <Err target={`node:${exchangeNode(name)}`} />
      <div className="actions">
        <button onClick={() => setTool('route')}>Debug routing…</button>
        <ChangeButton className="danger" onClick={() => openDialog({ kind: 'confirm-delete-node', id: exchangeNode(name) })} title={builtIn ? 'built-in exchanges cannot be deleted (403)' : ''}>Delete exchange…</ChangeButton>
      </div>
    </>
  );
}

function QueueInspector({ name }: { name: string }) {
  const q = useWarren((s) => s.queues.get(name));
  const queues = useWarren((s) => s.queues);
  const consumers = useWarren((s) => s.consumers);
  const bindings = useWarren((s) => s.bindings);
  const openDialog = useWarren((s) => s.openDialog);
  const browse = useWarren((s) => s.browse);
  if (!q) return <p className="muted">This queue no longer exists.</p>;
  const mine = consumers.filter((c) => c.queue === name);
  const inbound = bindings.filter((b) => b.destinationType === 'queue' && b.destination === name);
  return (
    <>
      <h3><span className="kind kind-queue">queue</span> {q.name}</h3>
      <div className="big-counts">
        <div><b>{q.ready}</b><span>ready</span></div>
        <div><b>{q.unacked}</b><span>unacked</span></div>
        <div><b>{q.consumers}</b><span>consumers</span></div>
      </div>
      <table className="kv"><tbody>
        <tr><th>durable</th><td>{String(q.durable)}</td></tr>
        <tr><th>exclusive</th><td>{String(q.exclusive)}{q.owner ? ` (${q.owner})` : ''}</td></tr>
        <tr><th>auto-delete</th><td>{String(q.autoDelete)}</td></tr>
      </tbody></table>
      <h4>Arguments</h4><Args args={q.arguments} />
      <h4>Policy</h4><Policy policy={q.policy} />
      <LintList warnings={queueLint(q, inbound.map((b) => b.routingKey))} />
      <h4>Bound from ({inbound.length})</h4>
      <ul className="plain">{inbound.map((b, i) => <li key={i}><code>{displayName(b.source)}</code> <span className="muted">{bindingLabel(b)}</span></li>)}</ul>
      <h4>Consumers ({mine.length})</h4>
      <ul className="plain">{mine.map((c) => <li key={`${c.connectionId}/${c.tag}`}><code>{c.tag}</code> <span className="muted">{c.connectionId} {c.location}{c.noAck ? ' · no-ack' : ''}{c.prefetch ? ` · prefetch ${c.prefetch}` : ''}</span></li>)}</ul>
      <Err target={`node:${queueNode(name)}`} />
      <div className="actions">
        <button onClick={() => browse(name)}>Browse messages</button>
        <ChangeButton onClick={() => openDialog({ kind: 'confirm-purge', queue: name })}>Purge…</ChangeButton>
        <ChangeButton className="danger" onClick={() => openDialog({ kind: 'confirm-delete-node', id: queueNode(name) })}>Delete queue…</ChangeButton>
      </div>
      {isDeadLetterQueue(name, queues.values(), bindings) && <ReturnDeadLetters queue={name} ready={q.ready} />}
    </>
  );
}

function ClientInspector({ id }: { id: string }) {
  const store = useWarrenStore();
  const c = useWarren((s) => s.connections.get(id));
  const simulated = useSimulatedAt(id);
  if (simulated) return <SimulatedInspector client={simulated} />;
  if (!c) return <p className="muted">This connection has closed.</p>;
  return (
    <>
      <h3><span className="kind kind-producer">client</span> {clientLabel(c.clientProperties, c.id)}</h3>
      <table className="kv"><tbody>
        <tr><th>connection</th><td>{c.id}</td></tr>
        <tr><th>address</th><td>{c.address}</td></tr>
        <tr><th>user</th><td>{c.user}</td></tr>
        <tr><th>protocol</th><td>{protocolLabel(c)}</td></tr>
        <tr><th>connected</th><td>{new Date(c.connectedAt).toLocaleTimeString()}</td></tr>
      </tbody></table>
      <h4>Client properties</h4><Args args={Object.fromEntries(Object.entries(c.clientProperties).filter(([k]) => k !== 'capabilities'))} />
      <Err target={`conn:${id}`} />
      <div className="actions">
        <ChangeButton className="danger" onClick={() => void store.getState().run('closeConnection', { id }, `conn:${id}`)}>Close connection</ChangeButton>
      </div>
    </>
  );
}

function EdgeInspector({ id }: { id: string }) {
  const kind = id.slice(0, id.indexOf('|'));
  const key = id.slice(id.indexOf('|') + 1);
  const rate = useWarren((s) => s.rates[key] ?? 0);
  const openDialog = useWarren((s) => s.openDialog);
  const bindings = useWarren((s) => s.bindings);
  const [src, dst] = key.split('>');
  const warnings = kind !== 'binding' ? [] : bindings
    .filter((b) => b.source === nodeName(src) && b.destination === nodeName(dst))
    .flatMap((b) => bindingWarnings({ source: b.source, destination: b.destination, routing_key: b.routingKey, arguments: b.arguments }));
  const what: Record<string, string> = {
    binding: 'Binding', dlx: 'Dead-letter route (queue argument x-dead-letter-exchange)', alternate: 'Alternate exchange (exchange argument)',
    publish: 'Publishes to', consume: 'Consumes from',
  };
  return (
    <>
      <h3>{what[kind] ?? kind}</h3>
      <p><code>{nodeName(src) || '(AMQP default)'}</code> → <code>{nodeName(dst)}</code></p>
      <p>{formatRate(rate)} over the last second</p>
      <LintList warnings={warnings} />
      {kind === 'binding'
        ? <div className="actions"><ChangeButton className="danger" onClick={() => openDialog({ kind: 'confirm-delete-edge', id })}>Unbind…</ChangeButton></div>
        : <p className="hint">{kind === 'dlx' || kind === 'alternate' ? 'This follows from an argument fixed at declaration; delete and redeclare to change it.' : 'Drawn from live traffic.'}</p>}
      <Err target={`node:${dst}`} />
    </>
  );
}

export function Inspector() {
  const sel = useWarren((s) => s.selection);
  const select = useWarren((s) => s.select);
  if (!sel) return null;
  let body;
  if (sel.kind === 'edge') body = <EdgeInspector id={sel.id} />;
  else {
    const k = nodeKind(sel.id);
    body = k === 'exchange' ? <ExchangeInspector name={nodeName(sel.id)} /> : k === 'queue' ? <QueueInspector name={nodeName(sel.id)} /> : <ClientInspector id={nodeName(sel.id)} />;
  }
  return (
    <aside className="side-panel right" aria-label="inspector">
      <button className="close" onClick={() => select(null)} aria-label="close inspector">×</button>
      {body}
    </aside>
  );
}
