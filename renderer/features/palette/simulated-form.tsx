// What the producer and consumer forms share: their values, the submit that turns them into a
// spec (a wrong field said under the form, nothing sent) and starts it (the broker's refusal
// under the form; once it runs, the form closes and the canvas shows it), and their footer.
import { useState, type FormEvent, type ReactElement } from 'react';
import type { SimulatedSpec } from '../../../shared/model/simulate';
import { useWarren } from '../../store/context';
import { ChangeButton } from '../common/read-only';

export interface SimulatedForm<V> {
  v: V;
  set<K extends keyof V>(k: K, value: V[K]): void;
  submit(e: FormEvent): void;
  footer: ReactElement;
}

export function useSimulatedForm<V>(kind: SimulatedSpec['kind'], initial: () => V, toSpec: (v: V, vhost: string) => SimulatedSpec['spec'] | string, onDone: () => void): SimulatedForm<V> {
  const target = `form:${kind}`;
  const vhost = useWarren((s) => s.vhost);
  const error = useWarren((s) => s.errors[target]);
  const setError = useWarren((s) => s.setError);
  const run = useWarren((s) => s.run);
  const setNotice = useWarren((s) => s.setNotice);
  const loadSimulated = useWarren((s) => s.loadSimulated);
  const [v, setV] = useState<V>(initial);
  const [busy, setBusy] = useState(false);

  async function start(spec: SimulatedSpec): Promise<void> {
    setBusy(true);
    const r = await run('startSimulated', spec, target);
    setBusy(false);
    if (!r.ok) return;
    await loadSimulated();
    setNotice(r.value.state === 'failed' ? `${r.value.name} failed: ${r.value.error}` : `${r.value.name} started`);
    onDone();
  }

  return {
    v,
    set: (k, value) => setV({ ...v, [k]: value }),
    submit(e) {
      e.preventDefault();
      const spec = toSpec(v, vhost);
      if (typeof spec === 'string') { setError(target, spec); return; }
      void start({ kind, spec } as SimulatedSpec);
    },
    footer: (
      <>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onDone}>Cancel</button>
          <ChangeButton type="submit" className="primary" disabled={busy}>Start {kind}</ChangeButton>
        </div>
      </>
    ),
  };
}
