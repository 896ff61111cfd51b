// The routing-key debugger: a dry run (nothing is published). As the user types, main explains
// the route: every binding's verdict and why, exchange-to-exchange hops, the alternate exchange,
// and the outcome; the matched path lights up on the canvas. When MQTT runs, it answers for an
// MQTT topic too (MqttRoute.tsx).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { destinationNode, exchangeNode, flowKey } from '../../../shared/ipc/ids';
import type { BindingVerdict, RouteExplanation } from '../../../shared/model/route';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import type { ExplorerSlice } from '../../store/types';
import { displayName, isMqttSubscription, mqttKeyLabel } from '../topology/graph';
import { ModeSwitch } from '../common/ModeSwitch';
import { HeadersEditor, parseHeaderRows, type HeaderRow } from '../common/HeadersEditor';
import { useMqtt } from '../common/use-mqtt';
import { MqttRoute } from './MqttRoute';

/** the canvas ids of the matched path */
export function litPath(e: RouteExplanation): NonNullable<ExplorerSlice['routeLit']> {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const v of e.visits) {
    nodes.add(exchangeNode(v.exchange));
    for (const b of v.bindings) {
      if (!b.matched || b.source === '') continue;
      edges.add(`binding|${flowKey(exchangeNode(b.source), destinationNode(b.destination, b.destinationType))}`);
    }
    if (v.alternateExchange !== undefined) edges.add(`alternate|${flowKey(exchangeNode(v.exchange), exchangeNode(v.alternateExchange))}`);
  }
  for (const q of e.queues) nodes.add(destinationNode(q, 'queue'));
  return { nodes, edges };
}

function bindingText(b: BindingVerdict): string {
  if (isMqttSubscription(b)) return mqttKeyLabel(b.bindingKey);
  const args = Object.entries(b.arguments);
  if (args.length > 0) return args.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  return b.bindingKey === '' ? '(empty key)' : b.bindingKey;
}

export function RouteResult({ e }: { e: RouteExplanation }) {
  return (
    <div className="route-result" aria-label="route explanation">
      <div className={`route-outcome outcome-${e.outcome}`} data-testid="route-outcome">
        {e.outcome === 'routed'
          ? <>Routed to {e.queues.length} {e.queues.length === 1 ? 'queue' : 'queues'}: {e.queues.map((q) => <code key={q}>{q}</code>)}</>
          : e.outcome === 'returned' ? 'Unroutable: returned to the publisher (mandatory → basic.return 312 NO_ROUTE)'
            : 'Unroutable: dropped (publish with mandatory to have it returned)'}
      </div>
      {e.routingKeys.length > 1 && <p className="hint">Routing keys (with CC/BCC): {e.routingKeys.join(', ')}</p>}
      {e.visits.map((v, i) => (
        <section key={i} className="route-visit" data-testid={`visit-${v.exchange}`}>
          <h4>
            {v.via === 'published' ? 'Published to' : v.via === 'exchange-binding' ? '→ via exchange binding to' : '→ alternate exchange'}
            {' '}<span className={`kind kind-${v.type}`}>{v.type}</span> <code>{displayName(v.exchange)}</code> with key <code>{v.routingKey || '(empty)'}</code>
          </h4>
          {v.unexplained !== undefined && <p className="alt-note" data-testid="unexplained">{v.unexplained}</p>}
          {v.delayedUntil !== undefined && <p className="alt-note" data-testid="delayed-until">Held by the exchange (x-delay) until {new Date(v.delayedUntil).toLocaleString()} ({v.delayedUntil}); then routed as below, to the bindings of that time.</p>}
          {v.bindings.length === 0 && <p className="muted">No bindings.</p>}
          <table className="verdicts"><tbody>
            {v.bindings.map((b, j) => (
              <tr key={j} className={b.matched ? 'matched' : 'missed'} data-testid={`verdict-${b.source}-${b.destination}`} data-matched={String(b.matched)}>
                <td className="mark">{b.matched ? '✓' : '✗'}</td>
                <td>{b.destinationType} <code>{b.destination}</code></td>
                <td><code>{bindingText(b)}</code></td>
                <td className="reason">
                  {b.reason}
                  {b.headers && b.headers.length > 0 && (
                    <ul className="plain header-cmp">
                      {b.headers.map((h) => <li key={h.name}>{h.matched ? '✓' : '✗'} <code>{h.name}</code>: wants {JSON.stringify(h.expected)}, has {h.actual === null ? 'nothing' : JSON.stringify(h.actual)}</li>)}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody></table>
          {v.alternateExchange !== undefined && <p className="alt-note">Nothing matched here, so the alternate exchange <code>{v.alternateExchange}</code> takes it.</p>}
        </section>
      ))}
    </div>
  );
}

/** by routing key, or (when MQTT runs) by MQTT topic */
export function RouteDebugger() {
  const mqtt = useMqtt();
  const [mode, setMode] = useState<'amqp' | 'mqtt'>('amqp');
  const switcher = mqtt.enabled && <ModeSwitch<'amqp' | 'mqtt'> label="explain a route for" modes={[['amqp', 'Routing key'], ['mqtt', 'MQTT topic']]} mode={mode} onChange={setMode} />;
  return mqtt.enabled && mode === 'mqtt' ? <MqttRoute switcher={switcher} /> : <KeyRoute switcher={switcher || null} />;
}

function KeyRoute({ switcher }: { switcher: ReactNode }) {
  const client = useClient();
  const { vhost, vhosts, exchanges, setRouteLit } = useWarren(useShallow((s) => ({ vhost: s.vhost, vhosts: s.vhosts, exchanges: s.exchanges, setRouteLit: s.setRouteLit })));
  const selection = useWarren((s) => s.selection);
  const [vh, setVh] = useState(vhost);
  const [otherExchanges, setOtherExchanges] = useState<string[]>([]);
  const names = useMemo(() => (vh === vhost ? [...exchanges.keys()] : otherExchanges).sort(), [vh, vhost, exchanges, otherExchanges]);
  const selectedExchange = selection?.kind === 'node' && selection.id.startsWith('x:') ? selection.id.slice(2) : null;
  const [exchange, setExchange] = useState<string>(selectedExchange ?? names.find((n) => n !== '' && !n.startsWith('amq.')) ?? '');
  const [key, setKey] = useState('');
  const [rows, setRows] = useState<HeaderRow[]>([]);
  const [mandatory, setMandatory] = useState(false);
  const [result, setResult] = useState<RouteExplanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (vh === vhost) return;
    void client.invoke('getSnapshot', { vhost: vh }).then((r) => setOtherExchanges(r.ok ? r.value.exchanges.map((x) => x.name) : []));
  }, [client, vh, vhost]);

  // Live: ask again (debounced) whenever the question changes; stale answers are ignored.
  useEffect(() => {
    const headers = parseHeaderRows(rows);
    if (typeof headers === 'string') { setError(headers); return; }
    const my = ++seq.current;
    const t = setTimeout(() => {
      void client.invoke('explainRoute', { vhost: vh, exchange, routingKey: key, headers, mandatory }).then((r) => {
        if (my !== seq.current) return;
        if (r.ok) {
          setResult(r.value);
          setError(null);
          setRouteLit(vh === vhost ? litPath(r.value) : null);
        } else {
          setResult(null);
          setError(describeError(r.error));
          setRouteLit(null);
        }
      });
    }, 80);
    return () => clearTimeout(t);
  }, [client, vh, vhost, exchange, key, rows, mandatory, setRouteLit]);
  useEffect(() => () => setRouteLit(null), [setRouteLit]);

  return (
    <div className="tool route-tool">
      <form className="panel-form route-form" aria-label="routing debugger" onSubmit={(e) => e.preventDefault()}>
        {switcher}
        <div className="grid2">
          <label>Virtual host
            <select aria-label="Virtual host" value={vh} onChange={(e) => setVh(e.target.value)}>{vhosts.map((v) => <option key={v} value={v}>{v}</option>)}</select>
          </label>
          <label>Exchange
            <select aria-label="Exchange" value={exchange} onChange={(e) => setExchange(e.target.value)}>
              {!names.includes(exchange) && <option value={exchange}>{displayName(exchange)}</option>}
              {names.map((n) => <option key={n} value={n}>{displayName(n)}</option>)}
            </select>
          </label>
        </div>
        <label>Routing key<input value={key} onChange={(e) => setKey(e.target.value)} placeholder="e.g. order.created.eu" autoFocus /></label>
        <HeadersEditor rows={rows} onChange={setRows} />
        <label className="inline"><input type="checkbox" checked={mandatory} onChange={(e) => setMandatory(e.target.checked)} /> mandatory</label>
        <p className="hint">A dry run: nothing is published. The matched path lights up on the canvas.</p>
      </form>
      <div className="tool-output">
        {error && <p className="form-error" role="alert">{error}</p>}
        {result && <RouteResult e={result} />}
      </div>
    </div>
  );
}
