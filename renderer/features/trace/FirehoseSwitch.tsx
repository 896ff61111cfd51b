// On a remote RabbitMQ the Trace tool can read its firehose (amq.rabbitmq.trace): a switch, with
// what it costs said before it is switched on, and why not when the window cannot use it.
import { useEffect, useState } from 'react';
import { FIREHOSE_COST, type FirehoseStatus } from '../../../shared/model/remote';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { useReadOnly } from '../common/read-only';

export function FirehoseSwitch() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const remote = useWarren((s) => s.target?.kind === 'remote');
  const readOnly = useReadOnly();
  const [status, setStatus] = useState<FirehoseStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!remote) return;
    let live = true;
    void client.invoke('getFirehose', { vhost }).then((r) => {
      if (!live) return;
      if (r.ok) setStatus(r.value); else setError(describeError(r.error));
    });
    return () => { live = false; };
  }, [client, vhost, remote]);
  if (!remote) return null;
  async function set(on: boolean): Promise<void> {
    const r = await client.invoke('setFirehose', { vhost, on });
    if (r.ok) { setStatus(r.value); setError(null); } else if (r.error.code !== 'CANCELLED') setError(describeError(r.error));
  }
  return (
    <div className="firehose" aria-label="firehose">
      {status && !status.available && <p className="muted" data-testid="firehose-unavailable">The firehose cannot be used here: {status.reason}</p>}
      {status?.available && (
        <>
          <label className="inline">
            <input type="checkbox" checked={status.on} disabled={readOnly !== null} title={readOnly ?? ''} onChange={(e) => void set(e.target.checked)} />
            Live traffic from RabbitMQ's firehose
          </label>
          {status.on && !status.ours && <p className="hint">Tracing was already on in vhost {vhost} (someone else switched it on): Warren leaves it on.</p>}
          {!status.on && <p className="hint" data-testid="firehose-cost">{FIREHOSE_COST}</p>}
        </>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
