// The Shovels tab on a remote broker, through its management API (rabbitmq_shovel_management's
// /api/shovels and the "shovel" runtime parameters): rows as the embedded broker gives them
// (main/shovel/status-json.ts); the broker's refusals come back as error results.
import type { CommandName, Req, Res } from '../../shared/ipc/contract';
import { shovelRows, type ShovelParameter } from '../shovel/status-json';
import { apiPath, RemoteError, type ManagementClient } from './management-client';

type Some<K extends CommandName> = { [P in K]: (req: Req<P>) => Res<P> | Promise<Res<P>> };

const NO_PLUGIN = 'this broker runs no shovels: enable rabbitmq_shovel and rabbitmq_shovel_management there';

export function createRemoteShovelHandlers(client: ManagementClient): Some<'listShovels' | 'putShovel' | 'deleteShovel' | 'restartShovel'> {
  const noPlugin = (e: unknown): never => {
    if (e instanceof RemoteError && e.kind === 'not-found') throw new RemoteError('not-found', NO_PLUGIN);
    throw e;
  };
  const parameter = (vhost: string, name: string): string => apiPath('parameters', 'shovel', vhost, name);
  return {
    listShovels: async () => {
      const [parameters, statuses] = await Promise.all([
        client.get<ShovelParameter[]>('/api/parameters/shovel').catch(noPlugin),
        client.get<Array<Record<string, unknown>>>('/api/shovels').catch(noPlugin),
      ]);
      return shovelRows(parameters, statuses);
    },
    putShovel: async ({ vhost, name, value }) => {
      const created = await client.get(parameter(vhost, name)).then(() => false, (e) => {
        if (e instanceof RemoteError && e.kind === 'not-found') return true;
        throw e;
      });
      await client.put(parameter(vhost, name), { value });
      return { created };
    },
    deleteShovel: async ({ vhost, name }) => { await client.delete(parameter(vhost, name)); return null; },
    restartShovel: async ({ vhost, name }) => { await client.delete(apiPath('shovels', 'vhost', vhost, name, 'restart')); return null; },
  };
}
