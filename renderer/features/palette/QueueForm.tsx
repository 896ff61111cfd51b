// The palette's queue form: every x-argument a learner meets (TTL, expiry, dead-lettering,
// length limits and overflow, priority, single active consumer, queue type, delivery limit).
import { useState, type FormEvent } from 'react';
import type { Overflow, QueueDeclareRequest, QueueType } from '../../../shared/ipc/contract';
import { useWarren } from '../../store/context';
import { optionalInt } from './forms';

const NUMERIC = [
  ['messageTtl', 'Message TTL (ms)', 'x-message-ttl'],
  ['expires', 'Queue expires after (ms unused)', 'x-expires'],
  ['maxLength', 'Max length (messages)', 'x-max-length'],
  ['maxLengthBytes', 'Max length (bytes)', 'x-max-length-bytes'],
  ['maxPriority', 'Max priority (1–255)', 'x-max-priority'],
  ['deliveryLimit', 'Delivery limit (quorum)', 'x-delivery-limit'],
] as const;
type NumericKey = (typeof NUMERIC)[number][0];

export function QueueForm({ onDone }: { onDone: () => void }) {
  const run = useWarren((s) => s.run);
  const vhost = useWarren((s) => s.vhost);
  const error = useWarren((s) => s.errors['form:queue']);
  const setError = useWarren((s) => s.setError);
  const setNotice = useWarren((s) => s.setNotice);
  const exchanges = useWarren((s) => s.exchanges);
  const [name, setName] = useState('');
  const [durable, setDurable] = useState(true);
  const [exclusive, setExclusive] = useState(false);
  const [autoDelete, setAutoDelete] = useState(false);
  const [nums, setNums] = useState<Record<NumericKey, string>>({ messageTtl: '', expires: '', maxLength: '', maxLengthBytes: '', maxPriority: '', deliveryLimit: '' });
  const [dlx, setDlx] = useState('');
  const [dlrk, setDlrk] = useState('');
  const [overflow, setOverflow] = useState<'' | Overflow>('');
  const [sac, setSac] = useState(false);
  const [queueType, setQueueType] = useState<QueueType>('classic');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const req: QueueDeclareRequest = { vhost, name: name.trim(), durable, exclusive, autoDelete };
    for (const [key, label] of NUMERIC) {
      const v = optionalInt(nums[key]);
      if (v === 'invalid') { setError('form:queue', `${label}: a whole number, please`); return; }
      if (v !== undefined) req[key] = v;
    }
    if (dlx.trim() !== '' ) req.deadLetterExchange = dlx.trim();
    if (dlrk.trim() !== '') req.deadLetterRoutingKey = dlrk.trim();
    if (overflow) req.overflow = overflow;
    if (sac) req.singleActiveConsumer = true;
    if (queueType !== 'classic') req.queueType = queueType;
    setBusy(true);
    const r = await run('declareQueue', req, 'form:queue');
    setBusy(false);
    if (r.ok) { setNotice(`Queue '${r.value.name}' declared`); onDone(); }
  }

  return (
    <form className="panel-form" onSubmit={submit} aria-label="new queue">
      <h3>New queue</h3>
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder="(empty: the broker names it)" /></label>
      <div className="checks">
        <label><input type="checkbox" checked={durable} onChange={(e) => setDurable(e.target.checked)} /> durable</label>
        <label><input type="checkbox" checked={exclusive} onChange={(e) => setExclusive(e.target.checked)} /> exclusive</label>
        <label><input type="checkbox" checked={autoDelete} onChange={(e) => setAutoDelete(e.target.checked)} /> auto-delete</label>
      </div>
      <label>Queue type
        <select value={queueType} onChange={(e) => setQueueType(e.target.value as QueueType)}>
          <option value="classic">classic</option><option value="quorum">quorum</option><option value="stream">stream</option>
        </select>
      </label>
      <fieldset>
        <legend>Dead-lettering</legend>
        <label>Dead-letter exchange<input list="exchange-names-q" value={dlx} onChange={(e) => setDlx(e.target.value)} placeholder="(none)" /></label>
        <label>Dead-letter routing key<input value={dlrk} onChange={(e) => setDlrk(e.target.value)} placeholder="(the message's own)" /></label>
        <datalist id="exchange-names-q">{[...exchanges.keys()].filter(Boolean).map((n) => <option key={n} value={n} />)}</datalist>
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        <div className="grid2">
          {NUMERIC.map(([key, label, arg]) => (
            <label key={key} title={arg}>{label}
              <input inputMode="numeric" value={nums[key]} onChange={(e) => setNums({ ...nums, [key]: e.target.value })} />
            </label>
          ))}
        </div>
        <label>Overflow
          <select value={overflow} onChange={(e) => setOverflow(e.target.value as '' | Overflow)}>
            <option value="">(default: drop-head)</option><option value="drop-head">drop-head</option>
            <option value="reject-publish">reject-publish</option><option value="reject-publish-dlx">reject-publish-dlx</option>
          </select>
        </label>
        <label className="inline"><input type="checkbox" checked={sac} onChange={(e) => setSac(e.target.checked)} /> single active consumer</label>
      </fieldset>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="primary" disabled={busy}>Declare queue</button>
      </div>
    </form>
  );
}
