// The message trace: a timeline of one message's life (published, routed, delivered, settled,
// expired, dead-lettered with the header diff, dropped) and where its copies are now. The list
// shows recent traced messages; the bound (count and age) is shown and can be changed.
import { useCallback, useEffect, useState } from 'react';
import type { JsonTable } from '../../../shared/model/topology';
import type { Trace, TraceEntry, TraceStatus, TraceSummary } from '../../../shared/model/trace';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { FirehoseSwitch } from './FirehoseSwitch';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function headerDiff(before: JsonTable, after: JsonTable): Array<{ name: string; before?: unknown; after?: unknown; change: 'added' | 'removed' | 'changed' }> {
  const out: Array<{ name: string; before?: unknown; after?: unknown; change: 'added' | 'removed' | 'changed' }> = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[k];
    const a = after[k];
    if (!(k in before)) out.push({ name: k, after: a, change: 'added' });
    else if (!(k in after)) out.push({ name: k, before: b, change: 'removed' });
    else if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ name: k, before: b, after: a, change: 'changed' });
  }
  return out;
}

export function describeStep(e: TraceEntry): string {
  const s = e.step;
  switch (s.kind) {
    case 'published': return `Published to ${s.exchange === '' ? '(AMQP default)' : `'${s.exchange}'`} with key '${s.routingKey}' by ${s.connectionId === null ? 'Warren (UI or broker)' : `${s.connectionName ?? s.connectionId} (${s.connectionId})`}, ${s.size} bytes`;
    case 'routed': return `Routed along ${s.hops.map((h) => `${h.source || '(default)'} → ${h.destination}${h.routingKey ? ` [${h.routingKey}]` : ''}`).join(', ')}; enqueued in ${s.queues.join(', ')}`;
    case 'unroutable': return `Unroutable at '${s.exchange}' with key '${s.routingKey}': ${s.outcome}`;
    case 'delivered': return `Delivered from '${s.queue}' to ${s.consumerTag ? `consumer ${s.consumerTag}` : 'basic.get'} on ${s.connectionId}, delivery tag ${s.deliveryTag}${s.redelivered ? ', redelivered' : ''}`;
    case 'acked': return `Acknowledged by ${s.connectionId} (left '${s.queue}')`;
    case 'rejected': return `${s.method === 'nack' ? 'Nacked' : 'Rejected'} by ${s.connectionId} in '${s.queue}', ${s.requeue ? 'requeued' : 'not requeued'}`;
    case 'requeued': return `Back in '${s.queue}' (requeued)`;
    case 'expired': return `Expired in '${s.queue}' (TTL)`;
    case 'dead-lettered': return `Dead-lettered from '${s.queue}' (${s.reason}) to exchange '${s.exchange}' with key '${s.routingKey}' → ${s.queues.length ? s.queues.join(', ') : 'nowhere'} as message ${s.newMessageId}`;
    case 'dropped': return `Gone from ${s.queue ? `'${s.queue}'` : 'the broker'}: ${s.reason === 'purged' ? 'purged, or deleted/moved in the browser' : s.reason}`;
  }
}

function Timeline({ t }: { t: Trace }) {
  return (
    <div className="trace-timeline" aria-label="trace timeline">
      <ol className="timeline">
        {t.entries.map((e, i) => (
          <li key={i} className={`step step-${e.step.kind}`} data-testid={`step-${e.step.kind}`}>
            <span className="t">{new Date(e.t).toLocaleTimeString(undefined, { hour12: false })}.{String(e.t % 1000).padStart(3, '0')}</span>
            <span className="k">{e.step.kind}</span>
            <span className="d">{describeStep(e)}</span>
            {e.step.kind === 'dead-lettered' && (
              <table className="diff" aria-label="header changes"><tbody>
                {headerDiff(e.step.headersBefore, e.step.headersAfter).map((d) => (
                  <tr key={d.name} className={d.change}><th>{d.change === 'added' ? '+' : d.change === 'removed' ? '−' : '~'} {d.name}</th><td>{d.change !== 'added' && <del>{show(d.before)}</del>} {d.change !== 'removed' && <ins>{show(d.after)}</ins>}</td></tr>
                ))}
              </tbody></table>
            )}
          </li>
        ))}
      </ol>
      {t.omitted > 0 && <p className="hint">{t.omitted} later steps not kept (per-message cap).</p>}
      <p className="trace-now" data-testid="trace-now">
        Now: {t.gone ? 'in no queue (consumed, dropped or expired)' : t.now.map((l) => `${l.state} in '${l.queue}'${l.connectionId ? ` held by ${l.connectionId}` : ''}`).join('; ')}
      </p>
    </div>
  );
}

export function TracePanel() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const tracing = useWarren((s) => s.tracing);
  const trace = useWarren((s) => s.trace);
  const [status, setStatus] = useState<TraceStatus | null>(null);
  const [list, setList] = useState<TraceSummary[]>([]);
  const [search, setSearch] = useState('');
  const [t, setT] = useState<Trace | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refreshList = useCallback(() => {
    void client.invoke('listTraces', { vhost, limit: 100, ...(search.trim() ? { search: search.trim() } : {}) }).then((r) => { if (r.ok) setList(r.value); });
    void client.invoke('getTraceStatus', {}).then((r) => { if (r.ok) setStatus(r.value); });
  }, [client, vhost, search]);
  useEffect(() => {
    refreshList();
    const i = setInterval(refreshList, 2000);
    return () => clearInterval(i);
  }, [refreshList]);
  useEffect(() => {
    if (tracing === null) return;
    const load = (): void => {
      void client.invoke('getTrace', { vhost, messageId: tracing }).then((r) => {
        if (r.ok) { setT(r.value); setError(null); } else { setT(null); setError(describeError(r.error)); }
      });
    };
    load();
    const i = setInterval(load, 1500); // the message may still be moving
    return () => clearInterval(i);
  }, [client, vhost, tracing]);

  async function configure(patch: Partial<TraceStatus>): Promise<void> {
    const r = await client.invoke('setTraceSettings', patch);
    if (r.ok) setStatus(r.value); else setError(describeError(r.error));
  }

  return (
    <div className="tool trace-tool">
      <div className="trace-list">
        <FirehoseSwitch />
        {status && (
          <div className="trace-bound" data-testid="trace-bound">
            <label className="inline"><input type="checkbox" checked={status.enabled} onChange={(e) => void configure({ enabled: e.target.checked })} /> tracing {status.active ? 'on' : 'off'}</label>
            <span> · keeps the last </span>
            <input aria-label="messages kept" className="small" type="number" min={1} defaultValue={status.maxMessages} onBlur={(e) => void configure({ maxMessages: Math.max(1, Number(e.target.value) || 1) })} />
            <span> messages for </span>
            <input aria-label="minutes kept" className="small" type="number" min={1} defaultValue={Math.round(status.maxAgeMs / 60000)} onBlur={(e) => void configure({ maxAgeMs: Math.max(1, Number(e.target.value) || 1) * 60000 })} />
            <span> min, at most </span>
            <input aria-label="new traces per second" className="small" type="number" min={1} defaultValue={status.maxPerSecond} onBlur={(e) => void configure({ maxPerSecond: Math.max(1, Number(e.target.value) || 1) })} />
            <span> new a second · holding {status.held.toLocaleString()}{status.notTraced > 0 ? ` · ${status.notTraced.toLocaleString()}/s not traced (over the rate)` : ''}</span>
          </div>
        )}
        <input aria-label="search traces" placeholder="exchange, key, queue or id" value={search} onChange={(e) => setSearch(e.target.value)} />
        <ul className="plain trace-items" aria-label="traced messages">
          {list.map((s) => (
            <li key={s.lineage}>
              <button className={`link ${tracing === s.lineage ? 'current' : ''}`} onClick={() => trace(s.lineage)}>
                #{s.lineage} <code>{s.exchange || '(default)'}</code> ← <code>{s.routingKey}</code> · {s.steps} steps · {s.lastKind}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="tool-output">
        {error && <p className="form-error" role="alert">{error}</p>}
        {tracing === null && <p className="muted">Pick a message here, or press “trace” on one in the message browser.</p>}
        {t && <><h4>Message #{t.lineage}</h4><Timeline t={t} /></>}
      </div>
    </div>
  );
}
