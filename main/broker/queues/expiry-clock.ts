// One timer per queue for its earliest expiry: re-armed only when an earlier time comes along.
// (A due time past Node's timer range fires early; the queue expires nothing yet and re-arms.)
import { timerDelay } from '../timer-delay';

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
    }, timerDelay(at - Date.now()));
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = Infinity;
  }
}
