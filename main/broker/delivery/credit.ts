// Credit: how many deliveries a receiver may hold unsettled at once. AMQP's basic.qos prefetch
// (per consumer, or global for a channel) and MQTT's receive maximum are both this one counter;
// the protocol sets the limit, the delivery tracker takes and gives back credit.

export class Credit {
  private held = 0;

  /** 0 means no limit */
  constructor(private max = 0) {}

  get limit(): number { return this.max; }
  /** deliveries taken against this credit and not yet settled */
  get used(): number { return this.held; }
  /** may one more delivery be taken now? */
  get available(): boolean { return this.max === 0 || this.held < this.max; }

  /** A new limit (basic.qos again): deliveries already held stay held. */
  setLimit(max: number): void { this.max = max; }

  take(): void { this.held++; }
  give(): void { this.held--; }
}
