// The broker's dynamic shovels (rabbitmq_shovel): one worker per "shovel" runtime parameter. The
// parameters are the truth (set by the management API, definitions, or restored from the data
// directory); the workers follow them whenever the broker says its definitions changed.
import type { Broker } from '../broker/broker';
import { clearParameter, listParameters, registerComponent } from '../broker/parameters/runtime-parameters';
import { validateShovel } from './definition';
import type { LocalBroker } from './links';
import { ShovelWorker, type ShovelState } from './worker';

export const SHOVEL = 'shovel';

export interface ShovelsEnv {
  local: Omit<LocalBroker, 'user' | 'password'>;
  clusterName(): string;
  warn(text: string): void;
}

/** One shovel as rabbitmq_shovel_management lists it (without node and timestamp, the API's). */
export interface ShovelStatus {
  name: string;
  vhost: string;
  type: 'dynamic';
  state: ShovelState;
  since: Date;
  /** running: src_uri, src_protocol, dest_protocol, dest_uri, src_queue, ... */
  endpoints: Record<string, string>;
  /** terminated: why */
  reason: string | null;
}

const byBroker = new WeakMap<Broker, Shovels>();

/** The broker's shovels, if they run (the management API asks). */
export function shovelsOf(broker: Broker): Shovels | null {
  return byBroker.get(broker) ?? null;
}

const key = (vhost: string, name: string): string => `${vhost}\u0000${name}`;

export class Shovels {
  private readonly workers = new Map<string, { worker: ShovelWorker; json: string }>();
  /** invalid values already warned about (key + value), so each is said once */
  private readonly refused = new Set<string>();
  private closed = false;

  constructor(private readonly broker: Broker, private readonly env: ShovelsEnv) {}

  /** Validate shovel parameters from now on, follow definition changes, start the shovels kept. */
  start(): void {
    byBroker.set(this.broker, this);
    registerComponent(this.broker, SHOVEL, {
      validate: (vhost, name, value, user) => validateShovel(name, value, (target) => this.mayConnect(user, target)),
    });
    const before = this.broker.onAccessChanged;
    this.broker.onAccessChanged = () => {
      before?.();
      this.sync();
    };
    this.sync();
  }

  async stop(): Promise<void> {
    this.closed = true;
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map((w) => w.worker.stop()));
  }

  list(): ShovelStatus[] {
    return [...this.workers.values()].map(({ worker: w }) => ({
      name: w.name, vhost: w.vhost, type: 'dynamic', state: w.state, since: w.since, endpoints: w.endpoints, reason: w.reason,
    }));
  }

  /** False if there is no such shovel. */
  restart(vhost: string, name: string): boolean {
    const w = this.workers.get(key(vhost, name));
    if (!w) return false;
    void w.worker.restart();
    return true;
  }

  /** Delete the shovel (its parameter); false if there is no such shovel. */
  delete(vhost: string, name: string): boolean {
    if (!this.workers.has(key(vhost, name))) return false;
    clearParameter(this.broker, vhost, SHOVEL, name);
    return true;
  }

  /** Start, restart (changed value) and stop workers to match the parameters. */
  private sync(): void {
    if (this.closed) return;
    const wanted = new Map(listParameters(this.broker, SHOVEL).map((p) => [key(p.vhost, p.name), p]));
    for (const [k, w] of this.workers) {
      const p = wanted.get(k);
      if (p && JSON.stringify(p.value) === w.json) continue;
      this.workers.delete(k);
      void w.worker.stop();
    }
    for (const [k, p] of wanted) {
      if (this.workers.has(k)) continue;
      // definitions imported from a file are kept as given; one that is not valid does not run
      const errors = validateShovel(p.name, p.value, () => null);
      if (errors.length > 0) {
        const said = `${k}\u0000${JSON.stringify(p.value)}`;
        if (!this.refused.has(said)) this.env.warn(`shovel '${p.name}' in vhost '${p.vhost}' is not started: ${errors.join('; ')}`);
        this.refused.add(said);
        continue;
      }
      const worker = new ShovelWorker(p.vhost, p.name, p.value as Record<string, unknown>, {
        local: { ...this.env.local, user: this.broker.internalLogin.user, password: this.broker.internalLogin.password },
        clusterName: this.env.clusterName,
        warn: this.env.warn,
        done: (vhost, name) => {
          if (this.workers.get(key(vhost, name))?.worker === worker) clearParameter(this.broker, vhost, SHOVEL, name);
        },
      });
      this.workers.set(k, { worker, json: JSON.stringify(p.value) });
      worker.start();
    }
  }

  /** RabbitMQ's check of a local URI's vhost against the user setting the shovel. */
  private mayConnect(user: string | null, vhost: string): string | null {
    if (user === null) return null;
    if (this.broker.vhosts.has(vhost) && this.broker.permissions.canAccessVhost(user, vhost)) return null;
    return `user "${user}" may not connect to vhost "${vhost}"`;
  }
}
