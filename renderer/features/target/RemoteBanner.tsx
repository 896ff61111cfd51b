// A coloured bar across the window while it is on a remote broker, so nobody mistakes staging
// (or production) for their own laptop.
import { useWarren } from '../../store/context';
import { remoteLine } from './target-label';

export function RemoteBanner() {
  const target = useWarren((s) => s.target);
  if (!target || target.kind !== 'remote') return null;
  return (
    <div className={`remote-banner${target.readOnly ? ' read-only' : ''}`} role="status" aria-label="remote broker">
      <span>{remoteLine(target)}</span>
      {target.readOnly && <span className="badge" data-testid="read-only-badge">read-only</span>}
      {target.managementUrl && <span className="muted">{target.managementUrl}</span>}
    </div>
  );
}
