// The Shovels tab's commands on the embedded broker: a shovel is defined, deleted and restarted as
// through the management API (the "shovel" runtime parameter, main/shovel's workers), its refusals
// in RabbitMQ's words; the list shows the vhosts the user may see.
import type { Commands } from '../../shared/ipc/contract';
import type { Broker } from '../broker/broker';
import { clearParameter, getParameter, InvalidParameterError, listParameters, setParameter } from '../broker/parameters/runtime-parameters';
import { NODE_NAME } from '../broker/node-name';
import { shovelJson, shovelRows } from '../shovel/status-json';
import { SHOVEL, shovelsOf } from '../shovel/shovels';
import { maySeeVhost, type Principal } from './command-access';
import { InvalidInput } from './invalid-input';
import { NotFound } from './not-found';

type ShovelCommand = 'listShovels' | 'putShovel' | 'deleteShovel' | 'restartShovel';
type Handler<K extends keyof Commands> = (req: Commands[K]['req'], principal: Principal | null) => Commands[K]['res'];

export function createShovelHandlers(broker: Broker): { [K in ShovelCommand]: Handler<K> } {
  const known = (vhost: string, name: string): void => {
    if (!getParameter(broker, vhost, SHOVEL, name)) throw new NotFound(`no shovel '${name}' in vhost '${vhost}'`);
  };
  return {
    listShovels: (_req, principal) => {
      const visible = (vhost: string): boolean => principal === null || maySeeVhost(broker, principal.user, vhost);
      const statuses = (shovelsOf(broker)?.list() ?? []).map((s) => shovelJson(NODE_NAME, s));
      return shovelRows(listParameters(broker, SHOVEL).filter((p) => visible(p.vhost)), statuses);
    },
    putShovel: ({ vhost, name, value }, principal) => {
      if (!broker.vhosts.has(vhost)) throw new NotFound(`no vhost '${vhost}'`);
      try {
        return { created: setParameter(broker, { vhost, component: SHOVEL, name, value }, principal?.user ?? null) };
      } catch (e) {
        if (e instanceof InvalidParameterError) throw new InvalidInput(`the shovel is not valid: ${e.message.split('\n').join('; ')}`);
        throw e;
      }
    },
    deleteShovel: ({ vhost, name }) => {
      known(vhost, name);
      clearParameter(broker, vhost, SHOVEL, name);
      return null;
    },
    restartShovel: ({ vhost, name }) => {
      known(vhost, name);
      if (!shovelsOf(broker)?.restart(vhost, name)) throw new NotFound(`shovel '${name}' in vhost '${vhost}' is not running`);
      return null;
    },
  };
}
