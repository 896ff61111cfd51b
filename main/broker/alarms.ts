// Resource alarms, as RabbitMQ raises them: while any alarm is set, connections that publish are
// blocked (connection.blocked, and their sockets are not read); consumers keep draining.
export type AlarmKind = 'memory' | 'disk';

export type AlarmListener = (blocked: boolean, reason: string) => void;

export class Alarms {
  private readonly active = new Map<AlarmKind, string>();
  private readonly listeners = new Set<AlarmListener>();
  /** told when one kind is set or cleared (the core's alarm.set / alarm.cleared events) */
  onChange: ((kind: AlarmKind, on: boolean) => void) | null = null;

  get blocked(): boolean { return this.active.size > 0; }

  get reason(): string {
    return [...this.active.values()].join('; ');
  }

  set(kind: AlarmKind, on: boolean, reason: string): void {
    const was = this.blocked;
    const changed = on !== this.active.has(kind);
    if (on) this.active.set(kind, reason); else this.active.delete(kind);
    if (changed) this.onChange?.(kind, on);
    if (was !== this.blocked) for (const l of this.listeners) l(this.blocked, this.reason);
  }

  isSet(kind: AlarmKind): boolean {
    return this.active.has(kind);
  }

  subscribe(l: AlarmListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
