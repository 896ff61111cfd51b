// Switching RabbitMQ's firehose (per-vhost tracing) on and off through the management API.
// PUT /api/vhosts/{v} replaces the vhost's metadata with what the body says (3.10 clears the
// description and tags of a PUT that names only `tracing`), so the current ones are sent along.
import type { FirehoseStatus } from '../../shared/model/remote';
import { apiPath, type ManagementClient } from './management-client';

interface VhostJson {
  name: string;
  tracing?: boolean;
  description?: string;
  tags?: string[] | string;
  default_queue_type?: string;
}

export async function tracingOn(api: ManagementClient, vhost: string): Promise<boolean> {
  const v = await api.get<VhostJson>(apiPath('vhosts', vhost));
  return v.tracing === true;
}

/** Switch tracing; resolves to whether it is on afterwards (a broker without a firehose, such as
 *  Warren, takes the PUT and leaves it off). */
export async function setTracing(api: ManagementClient, vhost: string, on: boolean): Promise<boolean> {
  const v = await api.get<VhostJson>(apiPath('vhosts', vhost));
  if ((v.tracing === true) === on) return on;
  const tags = Array.isArray(v.tags) ? v.tags.join(',') : v.tags ?? '';
  // 3.8 takes tags as one comma-separated string; later versions take that too.
  const body: Record<string, unknown> = { description: v.description ?? '', tags, tracing: on };
  if (v.default_queue_type && v.default_queue_type !== 'undefined') body.default_queue_type = v.default_queue_type;
  await api.put(apiPath('vhosts', vhost), body);
  return tracingOn(api, vhost);
}

/** The firehose as getFirehose reports it when this window has not switched it. */
export async function firehoseStatus(api: ManagementClient, vhost: string, ours = false): Promise<FirehoseStatus> {
  return { vhost, on: await tracingOn(api, vhost), ours, available: true };
}
