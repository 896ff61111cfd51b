// The routing debugger on a broker Warren does not run: its vhost's definitions, read through the
// management API, explained by the same walk as the embedded broker's (explain-route.ts). For
// `warren route --management` and a window on a remote profile alike.
import type { RouteExplanation } from '../../shared/model/route';
import { explainView, type RouteQuestion } from '../broker/explain/explain-route';
import type { BindingDef, DefinitionsJson } from '../definitions/format';
import { definitionsView } from './definitions-view';
import { apiPath, type ManagementClient } from './management-client';
import { vhostDefinitions } from './vhost-definitions';

/** Throws RemoteError (the broker could not be asked, no such vhost) or NOT_FOUND (no such exchange). */
export async function explainRemote(client: ManagementClient, vhost: string, q: RouteQuestion): Promise<RouteExplanation> {
  return explainView(definitionsView(await routingDefinitions(client, vhost), vhost), q);
}

/** The vhost's definitions with what they leave out added: exclusive queues (a subscriber's
 *  server-named queue, an RPC reply queue) and their bindings, which routing reaches like any other. */
export async function routingDefinitions(client: ManagementClient, vhost: string): Promise<DefinitionsJson> {
  const defs = await vhostDefinitions(client, vhost);
  const [queues, bindings] = await Promise.all([
    client.get<Array<{ name: string }>>(`${apiPath('queues', vhost)}?columns=name&disable_stats=true`),
    client.get<BindingDef[]>(apiPath('bindings', vhost)),
  ]);
  const known = new Set((defs.queues ?? []).map((x) => x.name));
  const exclusive = (Array.isArray(queues) ? queues : []).filter((x) => typeof x?.name === 'string' && !known.has(x.name));
  return {
    ...defs,
    queues: [...(defs.queues ?? []), ...exclusive.map((x) => ({ name: x.name, durable: false, auto_delete: false, arguments: {} }))],
    // every binding, less the default exchange's implicit one per queue (the walk knows those)
    bindings: Array.isArray(bindings) ? bindings.filter((b) => b?.source !== '') : defs.bindings,
  };
}
