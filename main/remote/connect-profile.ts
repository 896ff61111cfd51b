// A profile's broker, reached through the one management API client: the window's target on it,
// and its definitions (for diffs and for importing them into the embedded broker).
import type { RemoteProfile } from '../bridge/window-session';
import type { WindowTarget } from '../bridge/window-target';
import { ManagementClient, RemoteError } from './management-client';
import { vhostDefinitions } from './vhost-definitions';
import { connectRemote } from './remote-target';
import { amqpOf } from './amqp-connect';

export const clientFor = (p: RemoteProfile): ManagementClient =>
  new ManagementClient({ url: p.managementUrl, user: p.user, password: p.password, caPem: p.caPem });

export async function connectProfile(p: RemoteProfile): Promise<WindowTarget> {
  const client = clientFor(p);
  try {
    return await connectRemote({ profileId: p.id, name: p.name, readOnly: p.readOnly, client, defaultVhost: p.defaultVhost, amqp: p.amqpUrl ? amqpOf(p) : undefined });
  } catch (e) {
    client.close();
    throw e;
  }
}

export async function profileDefinitions(p: RemoteProfile, vhost?: string): Promise<Record<string, unknown>> {
  const client = clientFor(p);
  try {
    // one vhost's: the same reading as the routing debugger's (no such vhost said plainly)
    if (vhost) return { ...(await vhostDefinitions(client, vhost)) };
    const defs = await client.get<unknown>('/api/definitions');
    if (!defs || typeof defs !== 'object' || Array.isArray(defs)) throw new RemoteError('protocol', `${client.where} sent definitions that are not a JSON object`);
    return defs as Record<string, unknown>;
  } finally {
    client.close();
  }
}
