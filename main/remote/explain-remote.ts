// The routing debugger on a broker Warren does not run: its vhost's definitions, read through the
// management API, explained by the same walk as the embedded broker's (explain-route.ts). For
// `warren route --management` and a window on a remote profile alike.
import type { RouteExplanation } from '../../shared/model/route';
import { explainView, type RouteQuestion } from '../broker/explain/explain-route';
import { definitionsView } from './definitions-view';
import type { ManagementClient } from './management-client';
import { vhostDefinitions } from './vhost-definitions';

/** Throws RemoteError (the broker could not be asked, no such vhost) or NOT_FOUND (no such exchange). */
export async function explainRemote(client: ManagementClient, vhost: string, q: RouteQuestion): Promise<RouteExplanation> {
  return explainView(definitionsView(await vhostDefinitions(client, vhost), vhost), q);
}
