// A dead-letter queue's messages sent back where they were first published (each one's first
// x-death record), one at a time with confirms, by main; the result says what moved and what not.
import { useState } from 'react';
import type { DeadLetterReturn } from '../../../shared/model/remote';
import type { BindingInfo, QueueInfo } from '../../../shared/model/topology';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { ChangeButton } from '../common/read-only';
import { plural } from '../dialogs/ConfirmDialogs';

/** Whether a queue looks like a dead-letter queue: bound from some queue's dead-letter exchange
 *  (argument or policy), or named like one. */
export function isDeadLetterQueue(name: string, queues: Iterable<QueueInfo>, bindings: BindingInfo[]): boolean {
  if (/dead|dlq|dlx/i.test(name)) return true;
  const dlxs = new Set<string>();
  for (const q of queues) {
    const x = q.arguments['x-dead-letter-exchange'] ?? q.policy?.definition['dead-letter-exchange'];
    if (typeof x === 'string') dlxs.add(x);
  }
  return bindings.some((b) => b.destinationType === 'queue' && b.destination === name && dlxs.has(b.source));
}

export function returnText(r: DeadLetterReturn): string {
  const parts = [`${plural(r.moved, 'message')} moved back`];
  if (r.skipped) parts.push(`${r.skipped} skipped (no x-death to say where from, or its exchange is gone)`);
  if (r.failed) parts.push(`${r.failed} failed`);
  return parts.join(' · ') + (r.error ? `: ${r.error}` : '');
}

export function ReturnDeadLetters({ queue, ready }: { queue: string; ready: number }) {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeadLetterReturn | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run(): Promise<void> {
    setBusy(true); setResult(null); setError(null);
    const r = await client.invoke('returnDeadLetters', { vhost, queue, max: ready });
    setBusy(false);
    if (r.ok) setResult(r.value); else if (r.error.code !== 'CANCELLED') setError(describeError(r.error));
  }
  return (
    <div className="dead-letters">
      <ChangeButton disabled={busy || ready === 0} onClick={() => void run()}
        title="republish each message to the exchange and routing key of its first death, then remove it from this queue">
        Return dead letters to their exchanges
      </ChangeButton>
      {result && <p role="status" className={result.failed ? 'warn-text' : ''} data-testid="dead-letter-result">{returnText(result)}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
