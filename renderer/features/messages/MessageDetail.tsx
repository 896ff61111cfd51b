// One message in full: properties, headers, x-death as a readable history, the body as JSON,
// text or hex, its size and age, and who holds it if it is unacknowledged.
import type { BrowsedMessage } from '../../../shared/model/messages';

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function MessageDetail({ m, now, onTrace }: { m: BrowsedMessage; now: number; onTrace(): void }) {
  const props = Object.entries(m.properties);
  const headers = Object.entries(m.headers).filter(([k]) => k !== 'x-death');
  return (
    <div className="msg-detail" aria-label="message detail">
      <h4>#{m.index + 1} · {m.state === 'ready' ? 'ready' : 'unacknowledged'} · {formatBytes(m.size)} · {formatAge(now - m.publishedAt)} old
        {m.redelivered && <span className="badge warn">redelivered</span>}
      </h4>
      {m.holder && (
        <p className="holder">Held by <code>{m.holder.connectionName}</code> ({m.holder.connectionId}), {m.holder.location}, {m.holder.consumerTag ? <>consumer <code>{m.holder.consumerTag}</code></> : 'basic.get'}, delivery tag {m.holder.deliveryTag}</p>
      )}
      <table className="kv"><tbody>
        <tr><th>exchange</th><td>{m.exchange === '' ? '(AMQP default)' : m.exchange}</td></tr>
        <tr><th>routing key</th><td>{m.routingKey}</td></tr>
        <tr><th>message id (Warren)</th><td>{m.messageId}{m.lineage !== m.messageId ? ` (copy of ${m.lineage})` : ''} <button className="link" onClick={onTrace}>trace</button></td></tr>
        {m.expiresAt > 0 && <tr><th>expires in</th><td>{formatAge(m.expiresAt - now)}</td></tr>}
        {props.map(([k, v]) => <tr key={k}><th>{k}</th><td>{k === 'timestamp' ? new Date(Number(v) * 1000).toISOString() : show(v)}</td></tr>)}
      </tbody></table>
      {headers.length > 0 && (<>
        <h5>Headers</h5>
        <table className="kv"><tbody>{headers.map(([k, v]) => <tr key={k}><th>{k}</th><td>{show(v)}</td></tr>)}</tbody></table>
      </>)}
      {m.xDeath.length > 0 && (<>
        <h5>Dead-letter history (x-death, newest first)</h5>
        <ol className="xdeath" aria-label="dead-letter history">
          {m.xDeath.map((d, i) => (
            <li key={i}>{d.reason} in <code>{d.queue}</code>{d.count > 1 ? ` ×${d.count}` : ''}: published to <code>{d.exchange || '(AMQP default)'}</code> with {d.routingKeys.map((k) => <code key={k}>{k}</code>)}{d.time ? `, ${new Date(d.time).toLocaleString()}` : ''}</li>
          ))}
        </ol>
      </>)}
      <h5>Body <span className="muted">({m.body.encoding}{m.body.truncated ? ', first 2 KB: export for all of it' : ''})</span></h5>
      <pre className={`body body-${m.body.encoding}`} data-testid="message-body">{m.body.text}</pre>
    </div>
  );
}
