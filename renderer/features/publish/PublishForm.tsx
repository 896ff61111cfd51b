// The publish form: exchange, routing key, every basic property, typed headers, a text or JSON
// body (validated), mandatory; says what happened (routed to N queues, returned, dropped, or
// rejected by a full queue). Repeat publishing runs in main at a chosen rate for a chosen count
// and can be cancelled; recent publishes can be sent again. When MQTT runs, an MQTT mode publishes
// as an MQTT client would (MqttPublishForm.tsx).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { MessageProperties, PublishJob, PublishOutcome, PublishRequest } from '../../../shared/model/messages';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { ModeSwitch } from '../common/ModeSwitch';
import { HeadersEditor, parseHeaderRows, rowsFromHeaders, type HeaderRow } from '../common/HeadersEditor';
import { displayName } from '../topology/graph';
import { useMqtt } from '../common/use-mqtt';
import { MqttPublishForm } from './MqttPublishForm';
import { ChangeButton } from '../common/read-only';

interface Fields {
  exchange: string; routingKey: string; mandatory: boolean; bodyKind: 'text' | 'json'; body: string;
  deliveryMode: '' | '1' | '2'; priority: string; expiration: string; correlationId: string; replyTo: string; messageId: string; contentType: string;
}

const EMPTY: Fields = { exchange: '', routingKey: '', mandatory: false, bodyKind: 'text', body: '', deliveryMode: '', priority: '', expiration: '', correlationId: '', replyTo: '', messageId: '', contentType: '' };

function fieldsFrom(r: PublishRequest): Fields {
  const p = r.properties;
  return {
    exchange: r.exchange, routingKey: r.routingKey, mandatory: r.mandatory, bodyKind: p.contentType === 'application/json' ? 'json' : 'text',
    body: r.bodyEncoding === 'base64' ? atob(r.body) : r.body, deliveryMode: p.deliveryMode === 1 || p.deliveryMode === 2 ? String(p.deliveryMode) as '1' | '2' : '',
    priority: p.priority?.toString() ?? '', expiration: p.expiration ?? '', correlationId: p.correlationId ?? '', replyTo: p.replyTo ?? '',
    messageId: p.messageId ?? '', contentType: p.contentType ?? '',
  };
}

/** the form -> a request, or the first problem in words */
export function buildRequest(vhost: string, f: Fields, rows: HeaderRow[]): PublishRequest | string {
  const headers = parseHeaderRows(rows);
  if (typeof headers === 'string') return headers;
  if (f.bodyKind === 'json') {
    try { JSON.parse(f.body); } catch (e) { return `The body is not valid JSON: ${(e as Error).message}`; }
  }
  const p: MessageProperties = {};
  if (f.deliveryMode) p.deliveryMode = Number(f.deliveryMode);
  if (f.priority.trim()) {
    const n = Number(f.priority);
    if (!Number.isInteger(n) || n < 0 || n > 255) return 'Priority must be a whole number from 0 to 255';
    p.priority = n;
  }
  if (f.expiration.trim()) {
    if (!/^\d+$/.test(f.expiration.trim())) return 'Expiration must be a whole number of milliseconds';
    p.expiration = f.expiration.trim();
  }
  if (f.correlationId) p.correlationId = f.correlationId;
  if (f.replyTo) p.replyTo = f.replyTo;
  if (f.messageId) p.messageId = f.messageId;
  const contentType = f.contentType || (f.bodyKind === 'json' ? 'application/json' : '');
  if (contentType) p.contentType = contentType;
  return { vhost, exchange: f.exchange, routingKey: f.routingKey, mandatory: f.mandatory, properties: p, headers, body: f.body, bodyEncoding: 'text' };
}

export function describeOutcome(o: PublishOutcome): string {
  switch (o.outcome) {
    case 'routed': return `Routed to ${o.routed} ${o.routed === 1 ? 'queue' : 'queues'}: ${o.queues.join(', ')}`;
    case 'returned': return 'Unroutable: returned to the publisher (mandatory, 312 NO_ROUTE)';
    case 'dropped': return 'Unroutable: dropped (no binding matched; set mandatory to have it returned)';
    case 'rejected': return `Rejected: a full queue refused it (x-overflow reject-publish): ${o.queues.join(', ')}`;
    case 'delayed': return `Delayed until ${new Date(o.dueAt ?? 0).toISOString()} (x-delay); then routed to the bindings of that time${o.queues.length > 0 ? ` (now: ${o.queues.join(', ')})` : ''}`;
  }
}

/** AMQP or, when MQTT runs, MQTT: the two forms side by side under one switch */
export function PublishForm() {
  const mqtt = useMqtt();
  const [mode, setMode] = useState<'amqp' | 'mqtt'>('amqp');
  const switcher = mqtt.enabled && <ModeSwitch<'amqp' | 'mqtt'> label="publish as" modes={[['amqp', 'AMQP'], ['mqtt', 'MQTT']]} mode={mode} onChange={setMode} />;
  if (mqtt.enabled && mode === 'mqtt') return <div className="tool publish-tool"><div>{switcher}<MqttPublishForm /></div></div>;
  return <AmqpPublishForm switcher={switcher || null} />;
}

function AmqpPublishForm({ switcher }: { switcher: ReactNode }) {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const exchanges = useWarren((s) => s.exchanges);
  const draft = useWarren((s) => s.publishDraft);
  const history = useWarren((s) => s.publishHistory);
  const remember = useWarren((s) => s.remember);
  const [f, setF] = useState<Fields>(draft ? fieldsFrom(draft) : EMPTY);
  const [rows, setRows] = useState<HeaderRow[]>(draft ? rowsFromHeaders(draft.headers) : []);
  const [result, setResult] = useState<{ text: string; tone: 'ok' | 'warn' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rate, setRate] = useState('10');
  const [count, setCount] = useState('100');
  const [job, setJob] = useState<PublishJob | null>(null);
  useEffect(() => { if (draft) { setF(fieldsFrom(draft)); setRows(rowsFromHeaders(draft.headers)); } }, [draft]);
  useEffect(() => client.on('publishJob', (j) => setJob((cur) => (cur && cur.id === j.id ? j : cur))), [client]);
  const set = (patch: Partial<Fields>): void => setF((x) => ({ ...x, ...patch }));

  async function send(req: PublishRequest): Promise<void> {
    const r = await client.invoke('publish', req);
    if (!r.ok) { setError(describeError(r.error)); setResult(null); return; }
    setError(null);
    remember(req);
    setResult({ text: describeOutcome(r.value), tone: r.value.outcome === 'routed' || r.value.outcome === 'delayed' ? 'ok' : 'warn' });
  }
  function submit(e: FormEvent): void {
    e.preventDefault();
    const req = buildRequest(vhost, f, rows);
    if (typeof req === 'string') { setError(req); return; }
    void send(req);
  }
  async function repeat(): Promise<void> {
    const req = buildRequest(vhost, f, rows);
    if (typeof req === 'string') { setError(req); return; }
    const r = await client.invoke('startPublishJob', { ...req, rate: Number(rate), count: Number(count) });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setError(null);
    remember(req);
    setJob(r.value);
  }
  async function cancel(): Promise<void> {
    if (!job) return;
    const r = await client.invoke('cancelPublishJob', { id: job.id });
    if (r.ok) setJob(r.value);
  }
  const jsonProblem = f.bodyKind === 'json' && f.body.trim() !== '' ? (() => { try { JSON.parse(f.body); return null; } catch (e) { return (e as Error).message; } })() : null;

  return (
    <div className="tool publish-tool">
      <form className="panel-form" aria-label="publish message" onSubmit={submit}>
        {switcher}
        <div className="grid2">
          <label>Exchange
            <select aria-label="Exchange" value={f.exchange} onChange={(e) => set({ exchange: e.target.value })}>
              {[...exchanges.values()].filter((x) => !x.internal).map((x) => <option key={x.name} value={x.name}>{displayName(x.name)}</option>)}
            </select>
          </label>
          <label>Routing key<input value={f.routingKey} onChange={(e) => set({ routingKey: e.target.value })} /></label>
        </div>
        <fieldset>
          <legend>Properties</legend>
          <div className="grid3">
            <label>Delivery mode
              <select aria-label="Delivery mode" value={f.deliveryMode} onChange={(e) => set({ deliveryMode: e.target.value as Fields['deliveryMode'] })}>
                <option value="">(unset)</option><option value="1">1 transient</option><option value="2">2 persistent</option>
              </select>
            </label>
            <label>Priority<input value={f.priority} onChange={(e) => set({ priority: e.target.value })} inputMode="numeric" /></label>
            <label>Expiration (ms)<input value={f.expiration} onChange={(e) => set({ expiration: e.target.value })} inputMode="numeric" /></label>
            <label>Correlation id<input value={f.correlationId} onChange={(e) => set({ correlationId: e.target.value })} /></label>
            <label>Reply to<input value={f.replyTo} onChange={(e) => set({ replyTo: e.target.value })} /></label>
            <label>Message id<input value={f.messageId} onChange={(e) => set({ messageId: e.target.value })} /></label>
            <label>Content type<input value={f.contentType} onChange={(e) => set({ contentType: e.target.value })} placeholder={f.bodyKind === 'json' ? 'application/json' : ''} /></label>
          </div>
        </fieldset>
        <HeadersEditor rows={rows} onChange={setRows} />
        <div className="body-kind">
          <label className="inline"><input type="radio" name="bodyKind" checked={f.bodyKind === 'text'} onChange={() => set({ bodyKind: 'text' })} /> text</label>
          <label className="inline"><input type="radio" name="bodyKind" checked={f.bodyKind === 'json'} onChange={() => set({ bodyKind: 'json' })} /> JSON</label>
          <label className="inline"><input type="checkbox" checked={f.mandatory} onChange={(e) => set({ mandatory: e.target.checked })} /> mandatory</label>
        </div>
        <label>Body<textarea rows={4} value={f.body} onChange={(e) => set({ body: e.target.value })} spellCheck={false} /></label>
        {jsonProblem && <p className="hint warn-text">Not valid JSON yet: {jsonProblem}</p>}
        {error && <p className="form-error" role="alert">{error}</p>}
        {result && <p className={`publish-result ${result.tone}`} role="status" data-testid="publish-result">{result.text}</p>}
        <div className="actions">
          <ChangeButton className="primary" type="submit">Publish</ChangeButton>
        </div>
        <fieldset>
          <legend>Repeat</legend>
          <div className="repeat-row">
            <label>Rate (msg/s)<input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" /></label>
            <label>Count<input value={count} onChange={(e) => setCount(e.target.value)} inputMode="numeric" /></label>
            {job?.state === 'running'
              ? <button type="button" className="danger" onClick={() => void cancel()}>Stop</button>
              : <ChangeButton onClick={() => void repeat()}>Start</ChangeButton>}
          </div>
          {job && <p className="hint" data-testid="publish-job">{job.state}: {job.sent}/{job.count} sent · {job.routed} routed · {job.unroutable} unroutable · {job.rejected} rejected{job.error ? ` · ${job.error}` : ''}</p>}
        </fieldset>
      </form>
      <div className="tool-output">
        <h4>Recent publishes</h4>
        {history.length === 0 && <p className="muted">Nothing published from here yet.</p>}
        <ul className="plain history">
          {history.map((h, i) => (
            <li key={i}>
              <ChangeButton onClick={() => void send(h)} title="publish again">Resend</ChangeButton>{' '}
              <button onClick={() => { setF(fieldsFrom(h)); setRows(rowsFromHeaders(h.headers)); }}>Edit</button>{' '}
              <code>{displayName(h.exchange)}</code> ← <code>{h.routingKey || '(empty key)'}</code> <span className="muted">{h.body.slice(0, 40)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
