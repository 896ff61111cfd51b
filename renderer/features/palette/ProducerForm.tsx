// The palette's producer form: a simulated producer the broker runs as its own AMQP connection,
// publishing to an exchange at a rate (or one message per click) with a fixed key, keys in turn,
// or random words for topic practice.
import { useWarren } from '../../store/context';
import { displayName } from '../topology/graph';
import { PRODUCER_DEFAULTS, producerSpec, type ProducerValues } from './simulated-spec';
import { useSimulatedForm } from './simulated-form';

export function ProducerForm({ onDone }: { onDone: () => void }) {
  const exchanges = useWarren((s) => s.exchanges);
  const names = [...exchanges.keys()];
  const { v, set, submit, footer } = useSimulatedForm<ProducerValues>('producer', () => ({ ...PRODUCER_DEFAULTS, exchange: names.find((n) => n !== '' && !n.startsWith('amq.')) ?? '' }), producerSpec, onDone);

  return (
    <form className="panel-form" onSubmit={submit} aria-label="new producer">
      <h3>Simulated producer</h3>
      <p className="hint">A real AMQP connection the broker runs for you, publishing until you stop it.</p>
      <label>Exchange
        <select value={v.exchange} onChange={(e) => set('exchange', e.target.value)}>
          {names.map((n) => <option key={n} value={n}>{displayName(n)}</option>)}
        </select>
      </label>
      <label>Routing key
        <select value={v.keyMode} onChange={(e) => set('keyMode', e.target.value as ProducerValues['keyMode'])} aria-label="routing key mode">
          <option value="fixed">fixed</option>
          <option value="round-robin">from a list, in turn</option>
          <option value="random-words">random words (topic practice)</option>
        </select>
      </label>
      {v.keyMode !== 'random-words' && (
        <label>{v.keyMode === 'fixed' ? 'Key' : 'Keys'}
          <input value={v.keys} onChange={(e) => set('keys', e.target.value)} placeholder={v.keyMode === 'fixed' ? 'order.created' : 'order.created, order.paid'} />
        </label>
      )}
      <label>Headers
        <textarea rows={2} value={v.headers} onChange={(e) => set('headers', e.target.value)} placeholder={'tenant: acme\nversion: 2'} />
      </label>
      <label title="{n}: the message's number, {time}: the time, {key}: its routing key">Body
        <textarea rows={2} value={v.body} onChange={(e) => set('body', e.target.value)} />
      </label>
      <div className="grid2">
        <label>Rate (msg/s)<input value={v.rate} inputMode="decimal" onChange={(e) => set('rate', e.target.value)} title="0: one message per click" /></label>
        <label>TTL (ms)<input value={v.ttl} inputMode="numeric" onChange={(e) => set('ttl', e.target.value)} placeholder="(none)" /></label>
        <label>Priority<input value={v.priority} inputMode="numeric" onChange={(e) => set('priority', e.target.value)} placeholder="(none)" /></label>
      </div>
      <div className="checks">
        <label><input type="checkbox" checked={v.persistent} onChange={(e) => set('persistent', e.target.checked)} /> persistent</label>
        <label><input type="checkbox" checked={v.mandatory} onChange={(e) => set('mandatory', e.target.checked)} /> mandatory</label>
      </div>
      {footer}
    </form>
  );
}
