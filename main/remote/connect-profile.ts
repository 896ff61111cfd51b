// A profile's broker, reached through the one management API client: the window's target on it,
// and its definitions (for diffs and for importing them into the embedded broker).
import type { RemoteProfile } from '../bridge/window-session';
import type { WindowTarget } from '../bridge/window-target';
import { apiPath, ManagementClient, RemoteError } from './management-client';

export const clientFor = (p: RemoteProfile): ManagementClient =>
  new ManagementClient({ url: p.managementUrl, user: p.user, password: p.password, caPem: p.caPem });

export async function connectProfile(p: RemoteProfile): Promise<WindowTarget> {
  const client = clientFor(p);
  client.close();
  throw new RemoteError('protocol', `remote brokers are not built yet (${p.name})`);
}

export async function profileDefinitions(p: RemoteProfile, vhost?: string): Promise<Record<string, unknown>> {
  const client = clientFor(p);
  try {
    const defs = await client.get<unknown>(vhost ? apiPath('definitions', vhost) : '/api/definitions');
    if (!defs || typeof defs !== 'object' || Array.isArray(defs)) throw new RemoteError('protocol', `${client.where} sent definitions that are not a JSON object`);
    return defs as Record<string, unknown>;
  } finally {
    client.close();
  }
}
