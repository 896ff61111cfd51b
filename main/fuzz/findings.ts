// What a fuzz run observed: frames sent per listener, how the broker ended sessions, and the
// findings (a hang, an internal error, a 5xx, a malformed reply), each with the seed and session
// that reproduce it.

export type Listener = 'amqp' | 'mqtt' | 'ws' | 'http';
export const LISTENERS: readonly Listener[] = ['amqp', 'mqtt', 'ws', 'http'];

export interface Finding {
  listener: Listener;
  /** hang | internal-error | server-error | bad-reply | not-refused (a frame the protocol forbids was taken) | setup */
  kind: string;
  detail: string;
  /** the session whose generator produced it: rerun with --seed and --session */
  session: number;
}

/** Per-listener tallies, filled by the sessions as they run. */
export class Tally {
  frames = 0;
  sessions = 0;
  /** how sessions ended: "amqp 501", "mqtt closed", "http 404", ... */
  readonly outcomes = new Map<string, number>();
  readonly findings: Finding[] = [];

  constructor(readonly listener: Listener) {}

  count(outcome: string): void { this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1); }

  /** A finding; only the first few of each kind are kept in full (a bug tends to repeat). */
  find(kind: string, detail: string, session: number): void {
    this.count(`finding ${kind}`);
    if (this.findings.filter((f) => f.kind === kind).length < 5) this.findings.push({ listener: this.listener, kind, detail, session });
  }

  get findingCount(): number {
    let n = 0;
    for (const [k, v] of this.outcomes) if (k.startsWith('finding ')) n += v;
    return n;
  }
}
