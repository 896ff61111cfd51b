// The connections view: each client with its properties and address, its channels with prefetch,
// unacked count and consumers; closing one sends it connection.close 320 CONNECTION_FORCED with
// the reason the user types.
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionDetail } from '../../../shared/ipc/contract';
import type { ChannelInfo, MqttSessionView } from '../../../shared/model/topology';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { clientLabel, protocolLabel } from '../topology/graph';
import { ChangeButton } from '../common/read-only';

const REFRESH_MS = 2000;

/** An AMQP connection's channels with prefetch, unacked count and consumers. */
function AmqpChannels({ id, channels }: { id: string; channels: ChannelInfo[] }) {
  return (
    <table className="grid-table" aria-label="channels">
      <thead><tr><th>channel</th><th>prefetch</th><th>unacked</th><th>mode</th><th>consumers</th></tr></thead>
      <tbody>
        {channels.length === 0 && <tr><td colSpan={5} className="muted">no channels open</td></tr>}
        {channels.map((ch) => (
          <tr key={ch.channel} data-testid={`channel-${id}-${ch.channel}`}>
            <td>{ch.channel}</td>
            <td>{ch.prefetch || '—'}{ch.globalPrefetch ? ` (global ${ch.globalPrefetch})` : ''}</td>
            <td data-testid="unacked">{ch.unacked}</td>
            <td>{[ch.confirm && 'confirm', ch.transactional && 'tx'].filter(Boolean).join(', ') || '—'}</td>
            <td>{ch.consumers.length === 0 ? '—' : ch.consumers.map((k) => <div key={k.tag}><code>{k.tag}</code> on <code>{k.queue}</code>{k.noAck ? ' · no-ack' : ''}{k.exclusive ? ' · exclusive' : ''} · {k.unacked} unacked</div>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An MQTT session: its client id, clean session, keep-alive and subscriptions with their QoS. */
function MqttSession({ id, s }: { id: string; s: MqttSessionView }) {
  return (
    <div data-testid={`mqtt-${id}`}>
      <p>client id <code>{s.clientId}</code> · {s.cleanSession ? 'clean session' : 'persistent session'} · keep-alive {s.keepAlive ? `${s.keepAlive} s` : 'off'}</p>
      <table className="grid-table" aria-label="subscriptions">
        <thead><tr><th>topic filter</th><th>QoS</th><th>queue</th></tr></thead>
        <tbody>
          {s.subscriptions.length === 0 && <tr><td colSpan={3} className="muted">no subscriptions</td></tr>}
          {s.subscriptions.map((sub) => <tr key={sub.filter}><td><code>{sub.filter}</code></td><td>{sub.qos}</td><td><code>{sub.queue}</code></td></tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** What the connection holds inside, drawn for its protocol. */
function ProtocolDetails({ c }: { c: ConnectionDetail }) {
  switch (c.details.protocol) {
    case 'amqp-0-9-1': return <AmqpChannels id={c.id} channels={c.details.channels} />;
    case 'mqtt': return <MqttSession id={c.id} s={c.details.mqtt} />;
  }
}

function ConnectionCard({ c, onClosed }: { c: ConnectionDetail; onClosed(): void }) {
  const client = useClient();
  const setNotice = useWarren((s) => s.setNotice);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = clientLabel(c.clientProperties, c.id);
  const props = Object.entries(c.clientProperties).filter(([k]) => k !== 'capabilities');
  async function close(): Promise<void> {
    const r = await client.invoke('closeConnection', { id: c.id, reason: reason.trim() || 'closed from the Warren UI' });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setNotice(`Closed connection '${name}' (320 CONNECTION_FORCED)`);
    onClosed();
  }
  return (
    <section className="conn-card" aria-label={`connection ${name}`} data-testid={`conn-${c.id}`}>
      <h4><span className="kind kind-producer">client</span> {name} <span className="muted">{c.id} · {c.address} · {c.user} · {protocolLabel(c)} · since {new Date(c.connectedAt).toLocaleTimeString()}</span></h4>
      <details>
        <summary>Client properties ({props.length})</summary>
        <table className="kv"><tbody>{props.map(([k, v]) => <tr key={k}><th>{k}</th><td>{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>)}</tbody></table>
      </details>
      <ProtocolDetails c={c} />
      <div className="conn-close">
        <input aria-label={`reason to close ${name}`} placeholder="reason (the client sees it)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        <ChangeButton className="danger" onClick={() => void close()}>Close connection</ChangeButton>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

export function ConnectionsView() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const connections = useWarren((s) => s.connections); // refresh when clients come and go
  const [list, setList] = useState<ConnectionDetail[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    void client.invoke('listConnections', { vhost }).then((r) => {
      if (r.ok) { setList(r.value); setError(null); } else setError(describeError(r.error));
    });
  }, [client, vhost]);
  useEffect(() => {
    refresh();
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh, connections]);
  return (
    <div className="tool connections-tool" aria-label="connections">
      {error && <p className="form-error" role="alert">{error}</p>}
      {list && list.length === 0 && <p className="muted">No clients are connected to vhost <code>{vhost}</code>.</p>}
      {list?.map((c) => <ConnectionCard key={c.id} c={c} onClosed={refresh} />)}
    </div>
  );
}
