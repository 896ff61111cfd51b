// The palette's queue form: every x-argument a learner meets (TTL, expiry, dead-lettering,
// length limits and overflow, priority, single active consumer, queue type, delivery limit),
// laid out from the queue argument table in shared/model.
import { useState, type FormEvent } from 'react';
import type { QueueDeclareRequest } from '../../../shared/ipc/contract';
import { QUEUE_ARGUMENTS, type QueueArgument } from '../../../shared/model/queue-arguments';
import { useWarren } from '../../store/context';
import { optionalInt } from './forms';
import { ChangeButton } from '../common/read-only';

const FIELDS: readonly QueueArgument[] = QUEUE_ARGUMENTS.filter((a) => 'form' in a);
const SECTIONS = [['type', null], ['dead-lettering', 'Dead-lettering'], ['limits', 'Limits']] as const;
const EMPTY: Record<string, string | boolean> = Object.fromEntries(FIELDS.map((a) => [a.field, a.kind === 'boolean' ? false : '']));

/** The form's texts and ticks -> request fields; a message for the first field that is not valid. */
function argumentFields(values: Record<string, string | boolean>): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const a of FIELDS) {
    const v = values[a.field];
    if (typeof v === 'boolean') { if (v) out[a.field] = true; continue; }
    if (a.kind === 'integer') {
      const n = optionalInt(v);
      if (n === 'invalid') return `${a.form!.label}: a whole number, please`;
      if (n !== undefined) out[a.field] = n;
    } else if (v.trim() !== '') out[a.field] = v.trim();
  }
  return out;
}

function Field({ a, value, set, exchanges }: { a: QueueArgument; value: string | boolean; set: (v: string | boolean) => void; exchanges: string[] }) {
  const f = a.form!;
  if (typeof value === 'boolean') {
    return <label className="inline"><input type="checkbox" checked={value} onChange={(e) => set(e.target.checked)} /> {f.label}</label>;
  }
  if (a.kind === 'enum') {
    return (
      <label title={a.arg}>{f.label}
        <select value={value} onChange={(e) => set(e.target.value)}>
          <option value="">(default: {String(a.default)})</option>
          {a.options!.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
    );
  }
  const list = f.suggest ? `${a.field}-suggestions` : undefined;
  return (
    <label title={a.arg}>{f.label}
      <input value={value} list={list} inputMode={a.kind === 'integer' ? 'numeric' : undefined} placeholder={f.placeholder} onChange={(e) => set(e.target.value)} />
      {list && <datalist id={list}>{exchanges.map((n) => <option key={n} value={n} />)}</datalist>}
    </label>
  );
}

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
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const exchangeNames = [...exchanges.keys()].filter(Boolean);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields = argumentFields(values);
    if (typeof fields === 'string') { setError('form:queue', fields); return; }
    const req = { vhost, name: name.trim(), durable, exclusive, autoDelete, ...fields } as QueueDeclareRequest;
    setBusy(true);
    const r = await run('declareQueue', req, 'form:queue');
    setBusy(false);
    if (r.ok) { setNotice(`Queue '${r.value.name}' declared`); onDone(); }
  }

  const fieldsOf = (section: string) => FIELDS.filter((a) => a.form!.section === section).map((a) => (
    <Field key={a.field} a={a} value={values[a.field]} exchanges={exchangeNames} set={(v) => setValues({ ...values, [a.field]: v })} />
  ));
  return (
    <form className="panel-form" onSubmit={submit} aria-label="new queue">
      <h3>New queue</h3>
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder="(empty: the broker names it)" /></label>
      <div className="checks">
        <label><input type="checkbox" checked={durable} onChange={(e) => setDurable(e.target.checked)} /> durable</label>
        <label><input type="checkbox" checked={exclusive} onChange={(e) => setExclusive(e.target.checked)} /> exclusive</label>
        <label><input type="checkbox" checked={autoDelete} onChange={(e) => setAutoDelete(e.target.checked)} /> auto-delete</label>
      </div>
      {SECTIONS.map(([section, legend]) => (legend === null ? fieldsOf(section) : (
        <fieldset key={section}>
          <legend>{legend}</legend>
          <div className="grid2">{fieldsOf(section)}</div>
        </fieldset>
      )))}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={onDone}>Cancel</button>
        <ChangeButton type="submit" className="primary" disabled={busy}>Declare queue</ChangeButton>
      </div>
    </form>
  );
}
