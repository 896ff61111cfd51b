// One timer per queue for its earliest expiry: re-armed only when an earlier time comes along.
export class ExpiryClock {
  private timer: NodeJS.Timeout | null = null;
  private due = Infinity;

  constructor(private readonly onDue: () => void) {}

  arm(at: number): void {
    if (this.timer && at >= this.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.due = Infinity;
      this.onDue();
    }, Math.max(0, at - Date.now()));
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = Infinity;
  }
}
