// Move or copy selected messages to an exchange (with a routing key, or each message's own) or
// a queue; re-publishing from a dead-letter queue pre-fills the original exchange and key from
// x-death / x-first-death-exchange.
import { useState, type FormEvent } from 'react';
import type { BrowsedMessage, MoveTarget } from '../../../shared/model/messages';

export function republishTarget(m: BrowsedMessage): { exchange: string; routingKey: string } {
  const first = m.xDeath[m.xDeath.length - 1];
  const xfde = m.headers['x-first-death-exchange'];
  return {
    exchange: typeof xfde === 'string' ? xfde : first?.exchange ?? m.exchange,
    routingKey: first?.routingKeys[0] ?? m.routingKey,
  };
}

export interface MovePreset { kind: 'exchange' | 'queue'; name: string; routingKey: string; copy: boolean }

export function MoveForm({ preset, count, onSubmit, onCancel, error }: {
  preset: MovePreset; count: number; error: string | null;
  onSubmit(target: MoveTarget, copy: boolean): void; onCancel(): void;
}) {
  const [kind, setKind] = useState(preset.kind);
  const [name, setName] = useState(preset.name);
  const [key, setKey] = useState(preset.routingKey);
  const [copy, setCopy] = useState(preset.copy);
  function submit(e: FormEvent): void {
    e.preventDefault();
    onSubmit(kind === 'queue' ? { kind, name } : { kind, name, ...(key !== '' ? { routingKey: key } : {}) }, copy);
  }
  return (
    <form className="move-form panel-form" aria-label="move messages" onSubmit={submit}>
      <div className="grid2">
        <label>To
          <select aria-label="Move to" value={kind} onChange={(e) => setKind(e.target.value as 'exchange' | 'queue')}>
            <option value="exchange">an exchange</option>
            <option value="queue">a queue</option>
          </select>
        </label>
        <label>{kind === 'exchange' ? 'Exchange' : 'Queue'}<input value={name} onChange={(e) => setName(e.target.value)} required={kind === 'queue'} /></label>
      </div>
      {kind === 'exchange' && <label>Routing key<input value={key} onChange={(e) => setKey(e.target.value)} placeholder="(each message's own key)" /></label>}
      <label className="inline"><input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} /> copy (leave the originals here)</label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button className="primary" type="submit">{copy ? 'Copy' : 'Move'} {count} {count === 1 ? 'message' : 'messages'}</button>
      </div>
    </form>
  );
}
