// The simulated clients running now: started, listed, crashed, stopped. The broker runs one for
// the window (its clients reach the broker's own AMQP listener); `warren simulate` runs one for
// its command line (its clients reach the broker a URL names).
import type { SimulatedClient, SimulatedSpec } from '../../shared/model/simulate';
import { SimClient, type SimTarget } from './sim-client';
import { SimConsumer } from './sim-consumer';
import { SimProducer } from './sim-producer';

/** at most this many at once: each is a connection, and a learner's window needs a handful */
export const MAX_SIMULATED = 50;

export class SimulationError extends Error {}

export interface SimulationEnv {
  /** where clients connect; null: nowhere (no AMQP listener) */
  target(): SimTarget | null;
  /** the broker's id of the connection coming from this local port (known inside the broker only) */
  connectionFrom?(localPort: number): string | null;
  /** the vhost's clock scale (the sandbox clock): processing times follow it */
  clockScale?(vhost: string): number;
}

export class Simulation {
  private readonly clients = new Map<string, SimClient>();
  private next = 1;
  private closed = false;

  constructor(private readonly env: SimulationEnv) {}

  async add(s: SimulatedSpec): Promise<SimulatedClient> {
    if (this.closed) throw new SimulationError('the broker is stopping');
    if (this.clients.size >= MAX_SIMULATED) throw new SimulationError(`at most ${MAX_SIMULATED} simulated clients run at once: stop one first`);
    const target = this.env.target();
    if (!target) throw new SimulationError('the broker has no AMQP listener for simulated clients to connect to');
    const n = this.next++;
    const id = `sim-${n}`;
    const name = `simulated ${s.kind} ${n}`;
    const c = s.kind === 'producer' ? new SimProducer(id, name, s.spec) : new SimConsumer(id, name, s.spec, () => this.env.clockScale?.(s.spec.vhost) ?? 1);
    this.clients.set(id, c);
    await c.start(target);
    return this.infoOf(c);
  }

  private infoOf(c: SimClient): SimulatedClient {
    const port = c.localPort;
    return c.info(port !== null && this.env.connectionFrom ? this.env.connectionFrom(port) : null);
  }

  list(): SimulatedClient[] {
    return [...this.clients.values()].map((c) => this.infoOf(c));
  }

  /** one client, or undefined when there is none with this id */
  info(id: string): SimulatedClient | undefined {
    const c = this.clients.get(id);
    return c && this.infoOf(c);
  }

  private get(id: string): SimClient {
    const c = this.clients.get(id);
    if (!c) throw new SimulationError(`no simulated client '${id}'`);
    return c;
  }

  publishOne(id: string): SimulatedClient {
    const c = this.get(id);
    if (!(c instanceof SimProducer)) throw new SimulationError(`'${c.name}' is not a producer`);
    if (c.state !== 'running') throw new SimulationError(`'${c.name}' is ${c.state}: it cannot publish`);
    c.publishOne();
    return this.infoOf(c);
  }

  crash(id: string): SimulatedClient {
    const c = this.get(id);
    c.crash();
    return this.infoOf(c);
  }

  async remove(id: string): Promise<void> {
    const c = this.get(id);
    this.clients.delete(id);
    await c.stop();
  }

  /** Stops every client; they stay listed, stopped, with their counts. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.stop()));
  }

  /** Stops every client and takes no more (the broker is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopAll();
  }
}
