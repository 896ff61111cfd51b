// The cluster's nodes, asked again every 5 s while the tool is open: running or not, memory used
// against the high watermark, free disk against its limit, and the resource alarms that block
// publishers, in red.
import { useEffect, useState } from 'react';
import type { ClusterNode } from '../../../shared/model/remote';
import { useClient } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { formatAge, formatBytes } from '../messages/MessageDetail';

export const NODES_EVERY_MS = 5000;

function Meter({ value, limit, alarm, label }: { value: number; limit: number; alarm: boolean; label: string }) {
  const pct = limit > 0 ? Math.min(100, Math.round((value / limit) * 100)) : 0;
  return (
    <div className={`meter${alarm ? ' alarm' : ''}`} role="meter" aria-label={label} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}

const limitText = (n: number): string => (n > 0 ? formatBytes(n) : 'no limit');

export function NodesTool() {
  const client = useClient();
  const [nodes, setNodes] = useState<ClusterNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      void client.invoke('listNodes', {}).then((r) => {
        if (!live) return;
        if (r.ok) { setNodes(r.value); setError(null); } else setError(describeError(r.error));
      });
    };
    load();
    const i = setInterval(load, NODES_EVERY_MS);
    return () => { live = false; clearInterval(i); };
  }, [client]);
  return (
    <div className="tool nodes-tool">
      {error && <p className="form-error" role="alert">{error}</p>}
      {nodes === null && !error && <p className="muted">asking the broker…</p>}
      {nodes && (
        <table className="grid-table" aria-label="cluster nodes">
          <thead><tr><th>node</th><th>state</th><th>memory used / limit</th><th /><th>disk free / limit</th><th>alarms</th><th>uptime</th></tr></thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.name} data-testid={`node-${n.name}`}>
                <td><code>{n.name}</code>{n.type && <span className="muted"> {n.type}</span>}</td>
                <td>{n.running ? 'running' : <span className="alarm-text">not running</span>}</td>
                <td>{formatBytes(n.memUsed)} / {limitText(n.memLimit)}</td>
                <td><Meter value={n.memUsed} limit={n.memLimit} alarm={n.memAlarm} label={`memory of ${n.name}`} /></td>
                <td>{formatBytes(n.diskFree)} / {limitText(n.diskFreeLimit)}</td>
                <td>
                  {n.memAlarm && <span className="alarm-text">memory alarm</span>}
                  {n.memAlarm && n.diskAlarm && ' · '}
                  {n.diskAlarm && <span className="alarm-text">disk alarm</span>}
                  {!n.memAlarm && !n.diskAlarm && <span className="muted">none</span>}
                </td>
                <td>{n.uptime === null ? '—' : formatAge(n.uptime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">A memory or disk alarm blocks every publishing connection of the cluster until it clears. Refreshed every {NODES_EVERY_MS / 1000} s.</p>
    </div>
  );
}
