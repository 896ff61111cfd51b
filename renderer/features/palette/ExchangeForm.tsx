// The palette's exchange form: a real exchange.declare; the broker's answer (403 on amq.*, 406 on
// an incompatible redeclare) is shown under the form in words.
import { useState, type FormEvent } from 'react';
import { EXCHANGE_TYPES, type ExchangeType } from '../../../shared/model/topology';
import { useWarren } from '../../store/context';
import { ChangeButton } from '../common/read-only';
import { PLUGIN_TYPES, pluginArguments } from './exchange-arguments';

export function ExchangeForm({ onDone }: { onDone: () => void }) {
  const run = useWarren((s) => s.run);
  const vhost = useWarren((s) => s.vhost);
  const error = useWarren((s) => s.errors['form:exchange']);
  const exchanges = useWarren((s) => s.exchanges);
  const setNotice = useWarren((s) => s.setNotice);
  const [name, setName] = useState('');
  const [type, setType] = useState<ExchangeType>('direct');
  const [durable, setDurable] = useState(true);
  const [autoDelete, setAutoDelete] = useState(false);
  const [internal, setInternal] = useState(false);
  const [ae, setAe] = useState('');
  const [pluginValues, setPluginValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const setError = useWarren((s) => s.setError);
  const plugin = PLUGIN_TYPES[type];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const args = pluginArguments(type, pluginValues);
    if (typeof args === 'string') { setError('form:exchange', args); return; }
    setBusy(true);
    const r = await run('declareExchange', {
      vhost, name: name.trim(), type, durable, autoDelete, internal, ...(ae.trim() ? { alternateExchange: ae.trim() } : {}),
      ...(Object.keys(args).length > 0 ? { arguments: args } : {}),
    }, 'form:exchange');
    setBusy(false);
    if (r.ok) { setNotice(`Exchange '${r.value.name}' declared`); onDone(); }
  }

  return (
    <form className="panel-form" onSubmit={submit} aria-label="new exchange">
      <h3>New exchange</h3>
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} autoFocus required placeholder="orders" /></label>
      <label>Type
        <select value={type} onChange={(e) => setType(e.target.value as ExchangeType)}>
          {EXCHANGE_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      {plugin && (
        <fieldset className="plugin-arguments" aria-label={`${type} arguments`}>
          <p className="hint">{plugin.about}</p>
          {plugin.fields.map((f) => (
            <label key={f.key} title={f.hint}>{f.label}
              {f.kind === 'select' ? (
                <select value={pluginValues[f.key] ?? f.options![0]} onChange={(e) => setPluginValues({ ...pluginValues, [f.key]: e.target.value })}>
                  {f.options!.map((o) => <option key={o} value={o}>{o === '' ? '(none)' : o}</option>)}
                </select>
              ) : (
                <input value={pluginValues[f.key] ?? ''} inputMode={f.kind === 'integer' ? 'numeric' : undefined} placeholder={f.hint}
                  onChange={(e) => setPluginValues({ ...pluginValues, [f.key]: e.target.value })} />
              )}
            </label>
          ))}
        </fieldset>
      )}
      <div className="checks">
        <label><input type="checkbox" checked={durable} onChange={(e) => setDurable(e.target.checked)} /> durable</label>
        <label><input type="checkbox" checked={autoDelete} onChange={(e) => setAutoDelete(e.target.checked)} /> auto-delete</label>
        <label><input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> internal</label>
      </div>
      <label>Alternate exchange
        <input list="exchange-names" value={ae} onChange={(e) => setAe(e.target.value)} placeholder="(none)" />
      </label>
      <datalist id="exchange-names">{[...exchanges.keys()].filter(Boolean).map((n) => <option key={n} value={n} />)}</datalist>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={onDone}>Cancel</button>
        <ChangeButton type="submit" className="primary" disabled={busy}>Declare exchange</ChangeButton>
      </div>
    </form>
  );
}
