// The inspector of a simulated producer or consumer: what it was started with, its state (and why
// it failed) and its counts; its connection, while it has one, is in the Connections tool.
import type { SimulatedClient } from '../../../shared/model/simulate';
import { useWarren } from '../../store/context';
import { countsLine } from '../topology/simulated-node';

const shown = (v: unknown): string => (v === null ? '(none)' : typeof v === 'string' ? (v === '' ? "''" : v) : JSON.stringify(v));

/** The simulated client drawn at this node (its connection's id, or its own while it has none). */
export const useSimulatedAt = (nodeName: string): SimulatedClient | undefined =>
  useWarren((s) => s.simulated.find((c) => c.connectionId === nodeName || c.id === nodeName));

export function SimulatedInspector({ client: c }: { client: SimulatedClient }) {
  return (
    <>
      <h3><span className={`kind kind-${c.kind}`}>simulated</span> {c.name}</h3>
      <p>{c.state}{c.error ? `: ${c.error}` : ''} · {countsLine(c)}</p>
      <table className="kv"><tbody>
        {c.connectionId && <tr><th>connection</th><td>{c.connectionId}</td></tr>}
        {Object.entries(c.spec).map(([k, v]) => <tr key={k}><th>{k}</th><td>{shown(v)}</td></tr>)}
      </tbody></table>
    </>
  );
}
