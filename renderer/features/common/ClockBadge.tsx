// The mark of a vhost whose sandbox clock runs fast (issue 15), beside the vhost switcher and in
// the vhosts tab, so that nobody wonders why its messages expire early.

/** "clock ×60" for a vhost whose clock runs fast; nothing at real time. */
export function ClockBadge({ scale }: { scale: number }) {
  if (scale === 1) return null;
  return <span className="badge warn clock-fast" title={`TTLs, x-expires, delays and consumer timeouts in this vhost run ${scale} times faster than real time`}>clock ×{scale}</span>;
}

