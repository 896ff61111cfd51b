// A connection's output: packets are encoded into its PacketWriter and leave in one socket write
// once the event-loop turn has read all its sockets (setImmediate, as AMQP's Output), so a
// subscriber fed by many publishers' reads gets one write per turn, not one per read (and one
// WebSocket message over Web-MQTT). Deliveries pause while a turn's batch is full or the socket is
// backed up, and resume after the flush or on 'drain'.
import type { Duplex } from 'node:stream';
import type { Packet } from 'mqtt-packet';
import { StallWatch } from '../transport/stall-watch';
import { PacketWriter } from './packet-writer';

/** Deliveries wait once this much output is pending in one turn. The flush resumes them; a 'drain'
 *  cannot be counted on (over Web-MQTT the stream's high-water mark is 1 MiB). */
const BATCH_MAX = 64 * 1024;

export class MqttOutput {
  private readonly writer: PacketWriter;
  private flushScheduled = false;
  /** room() said no for a full batch: the flush resumes deliveries */
  private batchFull = false;
  private readonly stall = new StallWatch();

  constructor(private readonly stream: Duplex, private readonly resume: () => void) {
    this.writer = new PacketWriter(stream);
  }

  send(packet: Packet, protocolVersion: number): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
    this.writer.encode(packet, protocolVersion);
  }

  /** May more deliveries be sent now? */
  room(): boolean {
    if (this.stream.writableNeedDrain) return false;
    if (this.writer.pendingBytes < BATCH_MAX) return true;
    this.batchFull = true;
    return false;
  }

  /** The stream has been backed up for more than `ms` and not one byte of it was read (a client
   *  that never reads); asked about once a second. */
  stalled(now: number, ms: number): boolean {
    return this.stall.stalled(this.stream.writableNeedDrain, this.stream.writableLength, now, ms);
  }

  /** Ends the socket after what was sent so far. */
  end(): void {
    this.writer.flush();
    this.stream.end();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const ok = this.writer.flush();
    if (this.batchFull) {
      this.batchFull = false;
      if (ok) this.resume();
    }
  };
}
