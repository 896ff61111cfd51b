// Reads the fixed header of each MQTT packet as bytes arrive (a byte-fed state machine, never a
// socket) so that a packet larger than the limit, or a malformed length, is refused before the
// codec buffers its body: mqtt-packet waits for a whole packet, however large it says it is.

export class PacketTooLarge extends Error {}
export class MalformedLength extends Error {}

type State = 'type' | 'length' | 'body';

export class PacketSizeGuard {
  private state: State = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(public max: number) {}

  /** Follow `chunk`; throws PacketTooLarge or MalformedLength. */
  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const take = Math.min(this.remaining, chunk.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'type';
        continue;
      }
      const byte = chunk[i++];
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if (++this.lengthBytes > 4) throw new MalformedLength('remaining length longer than four bytes');
      if (byte & 0x80) continue;
      // The whole packet: one type byte, the length bytes and the body.
      const size = 1 + this.lengthBytes + this.length;
      if (size > this.max) throw new PacketTooLarge(`packet of ${size} bytes is larger than the ${this.max} allowed`);
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 'type' : 'body';
    }
  }
}
