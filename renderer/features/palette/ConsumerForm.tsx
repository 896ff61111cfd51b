// The palette's consumer form: a simulated consumer the broker runs as its own AMQP connection,
// with a prefetch, manual or automatic ack, a processing time, and chances to nack or reject, so
// fair dispatch, redelivery and dead-lettering can be watched.
import { useWarren } from '../../store/context';
import { CONSUMER_DEFAULTS, consumerSpec, type ConsumerValues } from './simulated-spec';
import { useSimulatedForm } from './simulated-form';

export function ConsumerForm({ onDone }: { onDone: () => void }) {
  const queues = useWarren((s) => s.queues);
  const names = [...queues.keys()];
  const { v, set, submit, footer } = useSimulatedForm<ConsumerValues>('consumer', () => ({ ...CONSUMER_DEFAULTS, queue: names[0] ?? '' }), consumerSpec, onDone);
  const manual = v.ack === 'manual';

  return (
    <form className="panel-form" onSubmit={submit} aria-label="new consumer">
      <h3>Simulated consumer</h3>
      <p className="hint">A real AMQP connection the broker runs for you, consuming until you stop or crash it.</p>
      <label>Queue
        <select value={v.queue} onChange={(e) => set('queue', e.target.value)}>
          {names.length === 0 && <option value="">(no queues yet)</option>}
          {names.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <div className="grid2">
        <label>Prefetch<input value={v.prefetch} inputMode="numeric" onChange={(e) => set('prefetch', e.target.value)} title="0: no limit" /></label>
        <label>Ack
          <select value={v.ack} onChange={(e) => set('ack', e.target.value as ConsumerValues['ack'])}>
            <option value="manual">manual</option>
            <option value="auto">automatic</option>
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Processing time</legend>
        <div className="checks">
          <label><input type="radio" name="work" checked={v.work === 'fixed'} onChange={() => set('work', 'fixed')} /> fixed</label>
          <label><input type="radio" name="work" checked={v.work === 'random'} onChange={() => set('work', 'random')} /> random</label>
        </div>
        {v.work === 'fixed'
          ? <label>Time (ms)<input value={v.workMs} inputMode="numeric" onChange={(e) => set('workMs', e.target.value)} /></label>
          : (
            <div className="grid2">
              <label>Min (ms)<input value={v.workMinMs} inputMode="numeric" onChange={(e) => set('workMinMs', e.target.value)} /></label>
              <label>Max (ms)<input value={v.workMaxMs} inputMode="numeric" onChange={(e) => set('workMaxMs', e.target.value)} /></label>
            </div>
          )}
      </fieldset>
      <fieldset disabled={!manual} title={manual ? undefined : 'with automatic ack every message counts as acked on delivery'}>
        <legend>Nacks and rejects</legend>
        <div className="grid2">
          <label>Nack chance (%)<input value={v.nackPercent} inputMode="decimal" onChange={(e) => set('nackPercent', e.target.value)} /></label>
          <label>Reject chance (%)<input value={v.rejectPercent} inputMode="decimal" onChange={(e) => set('rejectPercent', e.target.value)} /></label>
        </div>
        <label className="inline"><input type="checkbox" checked={v.requeue} onChange={(e) => set('requeue', e.target.checked)} /> requeue (otherwise dead-lettered, or dropped)</label>
      </fieldset>
      <label>Consumer priority<input value={v.priority} inputMode="numeric" onChange={(e) => set('priority', e.target.value)} placeholder="(none)" /></label>
      <div className="checks">
        <label><input type="checkbox" checked={v.exclusive} onChange={(e) => set('exclusive', e.target.checked)} /> exclusive</label>
      </div>
      {footer}
    </form>
  );
}
