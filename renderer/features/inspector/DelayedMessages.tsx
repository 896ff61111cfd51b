// An x-delayed-message exchange's waiting messages: how many, and the soonest with their due time,
// routing key and size. Polled while the inspector shows the exchange (they come and go by time).
import { useEffect, useState } from 'react';
import type { DelayedList } from '../../../shared/model/topology';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';

const SHOWN = 20;
const POLL_MS = 1000;

export function dueText(due: number, now: number): string {
  const s = Math.max(0, Math.round((due - now) / 1000));
  return `${new Date(due).toISOString()} (in ${s < 120 ? `${s} s` : `${Math.round(s / 60)} min`})`;
}

export function DelayedMessages({ exchange }: { exchange: string }) {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const [list, setList] = useState<DelayedList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const r = await client.invoke('listDelayed', { vhost, exchange, limit: SHOWN });
      if (!live) return;
      if (r.ok) { setList(r.value); setError(null); } else if (r.error.code !== 'CANCELLED') setError(describeError(r.error));
    };
    void load();
    const t = setInterval(() => void load(), POLL_MS);
    return () => { live = false; clearInterval(t); };
  }, [client, vhost, exchange]);
  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!list) return null;
  const now = Date.now();
  return (
    <section aria-label="delayed messages" data-testid="delayed-messages">
      <h4>Waiting messages ({list.count})</h4>
      {list.count === 0 && <p className="muted">None: a message with an x-delay header waits here until it is due.</p>}
      {!list.listed && list.count > 0 && <p className="muted">This broker counts them but does not list them.</p>}
      {list.messages.length > 0 && (
        <table className="kv delayed"><thead><tr><th>due</th><th>routing key</th><th>size</th></tr></thead><tbody>
          {list.messages.map((m) => (
            <tr key={m.id} data-testid="delayed-row"><td>{dueText(m.due, now)}</td><td><code>{m.routingKey || '(empty)'}</code></td><td>{m.size} B</td></tr>
          ))}
        </tbody></table>
      )}
      {list.count > list.messages.length && <p className="muted">and {list.count - list.messages.length} more</p>}
    </section>
  );
}
