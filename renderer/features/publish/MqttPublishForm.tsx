// The publish form's MQTT mode: what an MQTT client's PUBLISH carries (topic, QoS, retain, and
// MQTT 5's content type, response topic, correlation data, message expiry and user properties),
// published by main through the MQTT layer's own path (translation, headers, retained store).
import { useState, type FormEvent } from 'react';
import type { MqttPublishRequest, UserProperty } from '../../../shared/model/mqtt';
import { describeError } from '../../store/command-slice';
import { useClient, useWarren } from '../../store/context';
import { describeOutcome } from './PublishForm';
import { ChangeButton } from '../common/read-only';

export interface MqttFields {
  topic: string; qos: '0' | '1' | '2'; retain: boolean; payload: string;
  contentType: string; responseTopic: string; correlationData: string; expiry: string;
  /** one "name=value" a line */
  userProperties: string;
}

const EMPTY: MqttFields = { topic: '', qos: '0', retain: false, payload: '', contentType: '', responseTopic: '', correlationData: '', expiry: '', userProperties: '' };

/** the form -> a request, or the first problem in words */
export function buildMqttRequest(vhost: string, f: MqttFields): MqttPublishRequest | string {
  if (f.topic === '') return 'A topic is required';
  if (/[+#]/.test(f.topic)) return 'A topic name has no wildcards (+ and # are for subscriptions)';
  const r: MqttPublishRequest = { vhost, topic: f.topic, qos: Number(f.qos) as 0 | 1 | 2, retain: f.retain, payload: f.payload, payloadEncoding: 'utf8' };
  if (f.contentType) r.contentType = f.contentType;
  if (f.responseTopic) r.responseTopic = f.responseTopic;
  if (f.correlationData) r.correlationData = f.correlationData;
  if (f.expiry.trim()) {
    const n = Number(f.expiry);
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) return 'Message expiry must be a whole number of seconds';
    r.messageExpiryInterval = n;
  }
  const users: UserProperty[] = [];
  for (const line of f.userProperties.split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) return `User property '${line}' is not name=value`;
    users.push({ name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
  }
  if (users.length) r.userProperties = users;
  return r;
}

export function MqttPublishForm() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const [f, setF] = useState<MqttFields>(EMPTY);
  const [result, setResult] = useState<{ text: string; tone: 'ok' | 'warn' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<MqttFields>): void => setF((x) => ({ ...x, ...patch }));

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const req = buildMqttRequest(vhost, f);
    if (typeof req === 'string') { setError(req); setResult(null); return; }
    const r = await client.invoke('publishMqtt', req);
    if (!r.ok) { setError(describeError(r.error)); setResult(null); return; }
    setError(null);
    setResult({ text: `${describeOutcome(r.value)}${req.retain ? ' · retained' : ''}`, tone: r.value.outcome === 'routed' ? 'ok' : 'warn' });
  }

  return (
    <form className="panel-form" aria-label="publish as MQTT" onSubmit={(e) => void submit(e)}>
      <div className="grid2">
        <label>Topic<input value={f.topic} onChange={(e) => set({ topic: e.target.value })} placeholder="e.g. sensors/kitchen/temp" /></label>
        <label>QoS
          <select aria-label="QoS" value={f.qos} onChange={(e) => set({ qos: e.target.value as MqttFields['qos'] })}>
            <option value="0">0 at most once</option><option value="1">1 at least once</option><option value="2">2 exactly once</option>
          </select>
        </label>
      </div>
      <label className="inline"><input type="checkbox" checked={f.retain} onChange={(e) => set({ retain: e.target.checked })} /> retain</label>
      <fieldset>
        <legend>MQTT 5 properties</legend>
        <div className="grid2">
          <label>Content type<input value={f.contentType} onChange={(e) => set({ contentType: e.target.value })} /></label>
          <label>Response topic<input value={f.responseTopic} onChange={(e) => set({ responseTopic: e.target.value })} /></label>
          <label>Correlation data<input value={f.correlationData} onChange={(e) => set({ correlationData: e.target.value })} /></label>
          <label>Message expiry (s)<input value={f.expiry} onChange={(e) => set({ expiry: e.target.value })} inputMode="numeric" /></label>
        </div>
        <label>User properties<textarea rows={2} value={f.userProperties} onChange={(e) => set({ userProperties: e.target.value })} placeholder="name=value, one a line" spellCheck={false} /></label>
      </fieldset>
      <label>Payload<textarea rows={4} value={f.payload} onChange={(e) => set({ payload: e.target.value })} spellCheck={false} /></label>
      {error && <p className="form-error" role="alert">{error}</p>}
      {result && <p className={`publish-result ${result.tone}`} role="status" data-testid="publish-result">{result.text}</p>}
      <div className="actions"><ChangeButton className="primary" type="submit">Publish as MQTT</ChangeButton></div>
    </form>
  );
}
