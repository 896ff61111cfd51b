// The window's simulated producers and consumers (main/simulate): started, listed, published
// with, crashed and stopped. A producer needs its exchange and a consumer its queue to exist (said
// before a connection is opened); the list shows the vhosts the user may see.
import type { Commands } from '../../shared/ipc/contract';
import type { SimulatedClient } from '../../shared/model/simulate';
import type { Broker } from '../broker/broker';
import { SimulationError, type Simulation } from '../simulate/simulation';
import { maySeeVhost, type Principal } from './command-access';
import { InvalidInput } from './invalid-input';
import { NotFound } from './not-found';
import { notHere } from './not-here';

type SimulateCommand = 'listSimulated' | 'startSimulated' | 'publishSimulated' | 'crashSimulated' | 'stopSimulated';
type Handler<K extends keyof Commands> = (req: Commands[K]['req'], principal: Principal | null) => Commands[K]['res'] | Promise<Commands[K]['res']>;

const NONE = 'simulated clients need the broker\'s own AMQP listener, and this broker runs none';

/** A simulation's refusal (too many, not a producer, the broker stopping) as BAD_REQUEST. */
async function said<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SimulationError) throw new InvalidInput(e.message);
    throw e;
  }
}

export function createSimulateHandlers(broker: Broker, sim: Simulation | null): { [K in SimulateCommand]: Handler<K> } {
  const simulation = (): Simulation => sim ?? notHere(NONE);
  const known = (id: string): SimulatedClient => {
    const c = simulation().info(id);
    if (!c) throw new NotFound(`no simulated client '${id}' (it was stopped)`);
    return c;
  };
  return {
    listSimulated: (_req, principal) => (sim?.list() ?? []).filter((c) => principal === null || maySeeVhost(broker, principal.user, c.spec.vhost)),
    startSimulated: async (req) => {
      const s = simulation();
      const v = broker.vhost(req.spec.vhost);
      if (!v) throw new NotFound(`no vhost '${req.spec.vhost}'`);
      if (req.kind === 'producer' && !v.exchange(req.spec.exchange)) throw new NotFound(`no exchange '${req.spec.exchange}' in vhost '${req.spec.vhost}'`);
      if (req.kind === 'consumer' && !v.queue(req.spec.queue)) throw new NotFound(`no queue '${req.spec.queue}' in vhost '${req.spec.vhost}'`);
      return said(() => s.add(req));
    },
    publishSimulated: ({ id }) => { known(id); return said(() => simulation().publishOne(id)); },
    crashSimulated: ({ id }) => { known(id); return said(() => simulation().crash(id)); },
    stopSimulated: async ({ id }) => { known(id); await simulation().remove(id); return null; },
  };
}
