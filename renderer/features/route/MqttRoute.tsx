// The routing debugger for an MQTT topic: main translates the topic to its routing key on the
// vhost's MQTT exchange and explains that route with the same explain function; the answer adds
// which MQTT subscription filters take it. The matched path lights up on the canvas.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { MqttRouteExplanation } from '../../../shared/model/mqtt';
import { describeError } from '../../store/command-slice';
import { useClient, useWarren } from '../../store/context';
import { litPath, RouteResult } from './RouteDebugger';

export function MqttRoute({ switcher }: { switcher: ReactNode }) {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const setRouteLit = useWarren((s) => s.setRouteLit);
  const [topic, setTopic] = useState('');
  const [result, setResult] = useState<MqttRouteExplanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const my = ++seq.current;
    if (topic === '') { setResult(null); setError(null); setRouteLit(null); return; }
    const t = setTimeout(() => {
      void client.invoke('explainMqttRoute', { vhost, topic }).then((r) => {
        if (my !== seq.current) return;
        if (r.ok) { setResult(r.value); setError(null); setRouteLit(litPath(r.value.route)); } else { setResult(null); setError(describeError(r.error)); setRouteLit(null); }
      });
    }, 80);
    return () => clearTimeout(t);
  }, [client, vhost, topic, setRouteLit]);
  useEffect(() => () => setRouteLit(null), [setRouteLit]);

  return (
    <div className="tool route-tool">
      <form className="panel-form route-form" aria-label="routing debugger for an MQTT topic" onSubmit={(e) => e.preventDefault()}>
        {switcher}
        <label>MQTT topic<input value={topic} onChange={(e) => setTopic(e.target.value)} placeholder="e.g. sensors/kitchen/temp" autoFocus /></label>
        {result && <p className="hint" data-testid="mqtt-translation">Published to <code>{result.exchange}</code> with routing key <code>{result.routingKey}</code> (MQTT's '/' is AMQP's '.', '.' becomes '/').</p>}
        <p className="hint">A dry run: nothing is published.</p>
      </form>
      <div className="tool-output">
        {error && <p className="form-error" role="alert">{error}</p>}
        {result && (<>
          <div data-testid="mqtt-subscriptions">
            {result.subscriptions.length === 0
              ? <p className="muted">No MQTT subscription takes it.</p>
              : <ul className="plain">{result.subscriptions.map((s) => <li key={`${s.queue} ${s.filter}`}>✓ filter <code>{s.filter}</code> → <code>{s.queue}</code></li>)}</ul>}
          </div>
          <RouteResult e={result.route} />
        </>)}
      </div>
    </div>
  );
}
