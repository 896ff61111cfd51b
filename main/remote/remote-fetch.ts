// What one look at a remote vhost fetches: the lists the topology and stats are made of, in
// parallel (the client keeps at most 4 sockets open). Connections and channels are asked per
// vhost (/api/vhosts/{v}/connections), which is cheap on a cluster with many vhosts.
import { apiPath, RemoteError, type ManagementClient } from './management-client';
import type {
  ApiBinding, ApiChannel, ApiConnection, ApiConsumer, ApiExchange, ApiPolicy, ApiQueue, ApiVhostData,
} from './remote-topology';

/** Policies are a policymaker's to list: a user without the tag sees none, not an error. */
async function policiesOrNone(client: ManagementClient, kind: 'policies' | 'operator-policies', vhost: string): Promise<ApiPolicy[]> {
  try {
    return await client.get<ApiPolicy[]>(apiPath(kind, vhost));
  } catch (e) {
    if (e instanceof RemoteError && (e.kind === 'auth' || e.kind === 'forbidden')) return [];
    throw e;
  }
}

export async function fetchVhostData(client: ManagementClient, vhost: string): Promise<ApiVhostData> {
  const [vhosts, exchanges, queues, bindings, consumers, connections, channels, policies, operatorPolicies] = await Promise.all([
    client.get<Array<{ name: string; warren_clock_scale?: number }>>('/api/vhosts'),
    client.get<ApiExchange[]>(apiPath('exchanges', vhost)),
    client.get<ApiQueue[]>(apiPath('queues', vhost)),
    client.get<ApiBinding[]>(apiPath('bindings', vhost)),
    client.get<ApiConsumer[]>(apiPath('consumers', vhost)),
    client.get<ApiConnection[]>(apiPath('vhosts', vhost, 'connections')),
    client.get<ApiChannel[]>(apiPath('vhosts', vhost, 'channels')),
    policiesOrNone(client, 'policies', vhost),
    policiesOrNone(client, 'operator-policies', vhost),
  ]);
  return {
    vhost, vhosts: vhosts.map((v) => v.name).sort(), clockScale: vhosts.find((v) => v.name === vhost)?.warren_clock_scale ?? 1, exchanges, queues, bindings, consumers, connections, channels, policies, operatorPolicies,
  };
}
