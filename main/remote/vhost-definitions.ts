// One vhost's definitions from a management API (RabbitMQ's or Warren's): GET /api/definitions/{vhost},
// plus GET /api/policies/{vhost} when the export leaves policies out (some versions and Warren's
// own exports differ there), so a routing view sees the policies' alternate exchanges.
import type { DefinitionsJson } from '../definitions/format';
import { apiPath, RemoteError, type ManagementClient } from './management-client';

export async function vhostDefinitions(client: ManagementClient, vhost: string): Promise<DefinitionsJson> {
  let defs: DefinitionsJson | null;
  try {
    defs = await client.get<DefinitionsJson | null>(apiPath('definitions', vhost));
  } catch (err) {
    // RabbitMQ 3.10 says 400 vhost_not_found, others 404
    const noVhost = err instanceof RemoteError && (err.kind === 'not-found' || (err.status === 400 && /vhost_not_found/.test(err.message)));
    if (noVhost) throw new RemoteError('not-found', `the broker at ${client.where} has no vhost '${vhost}'`, err.status);
    throw err;
  }
  if (!defs || typeof defs !== 'object' || Array.isArray(defs)) {
    throw new RemoteError('protocol', `${client.where} answered GET ${apiPath('definitions', vhost)} with something other than definitions: is this a RabbitMQ management API?`);
  }
  if (!Array.isArray(defs.policies)) defs.policies = await client.get(apiPath('policies', vhost)) ?? [];
  return defs;
}
