// Asked after dragging from an exchange to a queue or exchange: the routing key (direct, topic),
// the header match (headers) or the weight (x-consistent-hash, whose binding key is one); fanout
// and the types that ignore keys need none. Creating it is a real queue.bind.
import { useState, type FormEvent } from 'react';
import type { JsonTable } from '../../../shared/model/topology';
import { useWarren } from '../../store/context';
import type { Dialog } from '../../store/types';
import { displayName } from '../topology/graph';
import { ChangeButton } from '../common/read-only';

export function parseHeaderMatch(text: string): JsonTable | string {
  const out: JsonTable = {};
  for (const raw of text.split(/\n|,/)) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf('=');
    if (i <= 0) return `'${line}' is not key=value`;
    const k = line.slice(0, i).trim();
    const v = line.slice(i + 1).trim();
    out[k] = /^-?\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

/** the types that ignore a binding's key, and what they do instead */
const KEYLESS: Readonly<Record<string, string>> = {
  fanout: 'A fanout exchange ignores routing keys: every message goes to every binding.',
  'x-random': 'An x-random exchange ignores routing keys: each message goes to one binding, picked at random.',
  'x-recent-history': 'A recent-history exchange ignores routing keys: every message goes to every binding, and a new binding first gets the messages it kept.',
};

export function BindDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'bind' }> }) {
  const vhost = useWarren((s) => s.vhost);
  const source = useWarren((s) => s.exchanges.get(dialog.source));
  const run = useWarren((s) => s.run);
  const error = useWarren((s) => s.errors['dialog']);
  const setError = useWarren((s) => s.setError);
  const openDialog = useWarren((s) => s.openDialog);
  const setNotice = useWarren((s) => s.setNotice);
  const [key, setKey] = useState('');
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [headers, setHeaders] = useState('');
  const type = source?.type ?? 'direct';

  async function submit(e: FormEvent) {
    e.preventDefault();
    let args: JsonTable = {};
    if (type === 'x-consistent-hash' && !/^[1-9]\d*$/.test(key.trim())) { setError('dialog', 'The weight must be a positive integer (1, 2, ...)'); return; }
    if (type === 'headers') {
      const parsed = parseHeaderMatch(headers);
      if (typeof parsed === 'string') { setError('dialog', parsed); return; }
      args = { 'x-match': match, ...parsed };
    }
    const routingKey = type === 'headers' || KEYLESS[type] ? '' : type === 'x-consistent-hash' ? key.trim() : key;
    const r = await run('bind', { vhost, source: dialog.source, destination: dialog.destination, destinationType: dialog.destinationType, routingKey, arguments: args }, 'dialog');
    if (r.ok) {
      setNotice(`Bound ${dialog.destinationType} '${dialog.destination}' to '${displayName(dialog.source)}'`);
      openDialog(null);
    }
  }

  return (
    <div className="modal-backdrop">
      <form className="modal" onSubmit={submit} aria-label="create binding">
        <h3>Bind {dialog.destinationType} <em>{dialog.destination}</em> to {type} exchange <em>{displayName(dialog.source)}</em></h3>
        {type === 'headers' ? (
          <>
            <label>Match
              <select value={match} onChange={(e) => setMatch(e.target.value as 'all' | 'any')}>
                <option value="all">all headers must match (x-match=all)</option>
                <option value="any">any header may match (x-match=any)</option>
              </select>
            </label>
            <label>Headers (key=value, one a line)<textarea value={headers} onChange={(e) => setHeaders(e.target.value)} rows={3} autoFocus placeholder={'format=pdf\ntype=report'} /></label>
          </>
        ) : KEYLESS[type] ? (
          <p className="hint">{KEYLESS[type]}</p>
        ) : type === 'x-consistent-hash' ? (
          <>
            <label>Weight
              <input value={key} onChange={(e) => setKey(e.target.value)} autoFocus inputMode="numeric" placeholder="1" />
            </label>
            <p className="hint">A consistent-hash binding's routing key is its weight: each binding gets a share of the hash space in
              proportion to it (weight 2 takes twice the messages of weight 1), and a given routing key always lands on the same binding
              while the bindings stay the same.</p>
          </>
        ) : (
          <label>Routing key
            <input value={key} onChange={(e) => setKey(e.target.value)} autoFocus placeholder={type === 'topic' ? 'orders.*.eu or logs.#' : 'orders'} />
          </label>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={() => openDialog(null)}>Cancel</button>
          <ChangeButton type="submit" className="primary">Bind</ChangeButton>
        </div>
      </form>
    </div>
  );
}
