// Policies reach what they match: at once when they change, and when a queue or exchange is declared.
import type { Exchange } from '../exchanges/exchange';
import type { Queue } from '../queues/queue';
import type { PolicyRegistry } from './registry';

export interface PolicyScope {
  readonly policies: PolicyRegistry;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly exchanges: ReadonlyMap<string, Exchange>;
}

export function applyToQueue(registry: PolicyRegistry, q: Queue): void {
  const p = registry.appliedTo('queues', q.name);
  // Without policies before or now, the settings from the arguments stand.
  if (p !== null || q.policy !== null) q.applyPolicy(p);
}

export function applyToExchange(registry: PolicyRegistry, x: Exchange): void {
  x.policy = registry.appliedTo('exchanges', x.name);
}

export function applyAll(scope: PolicyScope): void {
  for (const q of scope.queues.values()) applyToQueue(scope.policies, q);
  for (const x of scope.exchanges.values()) applyToExchange(scope.policies, x);
}
