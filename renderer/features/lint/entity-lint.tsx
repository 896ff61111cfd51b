// The compatibility lint (shared/lint) on the window's live topology: a badge on each node that
// has warnings, and the warnings, with what to do instead, in the inspector.
import type { ExchangeInfo, QueueInfo } from '../../../shared/model/topology';
import { exchangeWarnings, queueWarnings, type LintWarning } from '../../../shared/lint/compat-lint';
import { useWarren } from '../../store/context';

const MQTT_SUBSCRIPTION = 'mqtt-subscription-';

/** A queue as the lint reads it; bindingKeys matter only for MQTT subscriptions (dotted topics). */
export function queueLint(q: QueueInfo, bindingKeys: string[]): LintWarning[] {
  const args = q.queueType && q.arguments['x-queue-type'] === undefined ? { ...q.arguments, 'x-queue-type': q.queueType } : q.arguments;
  return queueWarnings({
    name: q.name, durable: q.durable, exclusive: q.exclusive, arguments: args, policy: q.policy?.definition,
    mqttSubscription: q.name.startsWith(MQTT_SUBSCRIPTION), bindingKeys,
  });
}

export const exchangeLint = (x: ExchangeInfo): LintWarning[] => exchangeWarnings(x);

/** An MQTT subscription queue's binding keys, joined (a string, so the node re-renders only when they change). */
export function useMqttBindingKeys(queue: string): string[] {
  const joined = useWarren((s) => (queue.startsWith(MQTT_SUBSCRIPTION)
    ? s.bindings.filter((b) => b.destinationType === 'queue' && b.destination === queue).map((b) => b.routingKey).join('\n')
    : ''));
  return joined === '' ? [] : joined.split('\n');
}

/** The node's warning badge: a count, the messages in its tooltip. */
export function LintBadge({ warnings, id }: { warnings: LintWarning[]; id: string }) {
  if (warnings.length === 0) return null;
  return (
    <span className="badge lint-badge" data-testid={`lint-${id}`} title={warnings.map((w) => `${w.message} [${w.since}]`).join('\n')}>
      ⚠ {warnings.length}
    </span>
  );
}

/** The inspector's list: what would behave differently, what to do instead, and since when. */
export function LintList({ warnings }: { warnings: LintWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <>
      <h4>Compatibility ({warnings.length})</h4>
      <ul className="plain lint-list" aria-label="compatibility warnings">
        {warnings.map((w, i) => (
          <li key={i} data-rule={w.rule}>
            <p>⚠ {w.message} <span className="muted">[{w.since}]</span></p>
            <p className="hint">Instead: {w.fix}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
