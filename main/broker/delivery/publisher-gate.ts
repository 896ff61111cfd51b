// When a client's input may be read. Three things hold it: a resource alarm (memory or disk; only
// once the client has published, so consumers keep draining, as on RabbitMQ), publisher flow
// control (a queue it publishes into is far behind its consumers), and read fairness (after each
// chunk a client steps aside for one event-loop turn, so one flooding publisher cannot starve
// others' acks). Input resumes once nothing holds it. Any protocol over a stream uses this one
// gate; what "blocked" tells the client is the protocol's (AMQP: connection.blocked).
import type { FlowState } from '../../../shared/model/topology';
import type { Alarms } from '../alarms';

/** The input a gate holds: a socket's reads. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/** A queue publishers may wait on (Queue.waitForDrain: it calls back once caught up, or after a bounded wait). */
export interface Drainable {
  waitForDrain(resume: () => void): void;
}

export interface GateListener {
  /** a resource alarm now holds this publisher */
  blocked(reason: string): void;
  unblocked(): void;
}

const ALARM = 1;
const FLOW = 2;
const TURN = 4;

export class PublisherGate {
  /** ALARM | FLOW | TURN: what holds the input now */
  private holds = 0;
  private publisher = false;
  private readonly offAlarms: () => void;

  constructor(private readonly input: Pausable, private readonly alarms: Alarms, private readonly listener: GateListener) {
    this.offAlarms = alarms.subscribe((on, reason) => this.onAlarm(on, reason));
  }

  /** held by a resource alarm */
  get blocked(): boolean { return (this.holds & ALARM) !== 0; }

  /** RabbitMQ's name for what holds this client now. */
  get state(): FlowState {
    if (this.blocked) return 'blocked';
    if (this.alarms.blocked) return 'blocking';
    return (this.holds & FLOW) !== 0 ? 'flow' : 'running';
  }

  /** A publish began: from now on alarms hold this client. */
  notePublish(): void {
    this.publisher = true;
    if (this.alarms.blocked && !this.blocked) this.block(this.alarms.reason);
  }

  /** Flow control: stop reading after this chunk until `queue` catches up. */
  throttle(queue: Drainable): void {
    if ((this.holds & FLOW) !== 0) return;
    this.hold(FLOW);
    queue.waitForDrain(this.endFlow);
  }

  /** Read fairness: step aside until the next event-loop turn. */
  yieldTurn(): void {
    if ((this.holds & (TURN | ALARM)) !== 0) return;
    this.hold(TURN);
    setImmediate(this.endTurn);
  }

  /** The client is going: alarms no longer concern it (its input still resumes, so a closing
   *  handshake can be read). */
  close(): void {
    this.offAlarms();
  }

  private onAlarm(on: boolean, reason: string): void {
    if (on && this.publisher) this.block(reason);
    else if (!on && this.blocked) {
      this.listener.unblocked();
      this.release(ALARM);
    }
  }

  private block(reason: string): void {
    this.hold(ALARM);
    this.listener.blocked(reason);
  }

  private hold(why: number): void {
    this.holds |= why;
    this.input.pause();
  }

  private release(why: number): void {
    this.holds &= ~why;
    if (this.holds === 0) this.input.resume();
  }

  private readonly endFlow = (): void => this.release(FLOW);
  private readonly endTurn = (): void => this.release(TURN);
}
