// The sandbox clock of one vhost (issue 15): ×1, ×10 or ×60 for its TTLs, x-expires, delays and
// consumer timeouts. A vhost not at ×1 wears ClockBadge.
import type { VhostRow } from '../../../shared/model/admin';
import { ClockBadge } from '../common/ClockBadge';
import { useReadOnly } from '../common/read-only';
import { useAdminAction } from './use-admin';

const SCALES = [1, 10, 60] as const;

/** The clock's pace, chosen from a list (administrators), or only shown. */
export function VhostClock({ v, canChange, onDone }: { v: VhostRow; canChange: boolean; onDone(): void }) {
  const action = useAdminAction();
  const readOnly = useReadOnly();
  if (!canChange) return v.clockScale === 1 ? <span className="muted">×1</span> : <ClockBadge scale={v.clockScale} />;
  const choose = (scale: number): void => {
    // read again either way (the command answers null on success too): a refusal puts the select back
    void action.run('setVhostClock', { vhost: v.name, scale }).then(onDone);
  };
  return (
    <span className="vhost-clock">
      <select aria-label={`clock of vhost ${v.name}`} value={v.clockScale} disabled={action.busy || readOnly !== null} title={readOnly ?? undefined} onChange={(e) => choose(Number(e.target.value))}>
        {SCALES.map((s) => <option key={s} value={s}>{s === 1 ? '×1 (real time)' : `×${s}`}</option>)}
      </select>
      <ClockBadge scale={v.clockScale} />
      {action.error && <span className="form-error" role="alert">{action.error}</span>}
    </span>
  );
}
