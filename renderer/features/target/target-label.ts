// How the window names the broker it is on, in the toolbar and the remote banner.
import type { TargetInfo } from '../../../shared/model/remote';

export const THIS_COMPUTER = 'This computer';

/** "This computer" or "staging — RabbitMQ 3.10.8" */
export function targetLabel(t: TargetInfo | null): string {
  if (!t || t.kind === 'local') return THIS_COMPUTER;
  return `${t.name} — ${t.product} ${t.version}`.trim();
}

/** "Remote: staging (RabbitMQ 3.10.8, cluster rabbit@x) as user admin" */
export function remoteLine(t: TargetInfo): string {
  const cluster = t.clusterName ? `, cluster ${t.clusterName}` : '';
  return `Remote: ${t.name} (${t.product} ${t.version}${cluster}) as user ${t.user}`;
}
