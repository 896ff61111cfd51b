// Is a peer reading what we send? A stream is stalled when it has been backed up for a while and
// its pending output never shrank in that time: a client that reads nothing at all. A slow reader
// that takes a byte now and then keeps resetting the clock. Shared by the AMQP and MQTT outputs,
// which ask about once a second (their listeners' sweep) and drop a stalled peer.

export class StallWatch {
  /** since when the stream has been backed up with no byte of it read (0: it is not) */
  private since = 0;
  private leastPending = 0;

  /** `backedUp`: the stream is waiting for a drain; `pending`: the bytes it holds now. */
  stalled(backedUp: boolean, pending: number, now: number, ms: number): boolean {
    if (!backedUp) { this.since = 0; return false; }
    if (this.since === 0 || pending < this.leastPending) {
      this.since = now;
      this.leastPending = pending;
      return false;
    }
    return now - this.since > ms;
  }
}
