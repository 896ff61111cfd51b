// The connections view of a remote vhost: each connection with its channels and their consumers,
// from /api/vhosts/{v}/connections, /api/vhosts/{v}/channels and /api/consumers/{v}.
import type { ConnectionDetail } from '../../shared/ipc/contract';
import type { ChannelInfo, FlowState, JsonTable, MessageCounts } from '../../shared/model/topology';
import { apiPath, type ManagementClient } from './management-client';
import { connectionFromApi, statCount, type ApiChannel, type ApiConnection, type ApiConsumer, type ApiMessageStats } from './remote-topology';

interface ApiChannelDetail extends ApiChannel {
  prefetch_count?: number; global_prefetch_count?: number; messages_unacknowledged?: number; messages_unconfirmed?: number;
  confirm?: boolean; transactional?: boolean;
}
interface ApiConnectionDetail extends ApiConnection {
  frame_max?: number; channel_max?: number; timeout?: number; auth_mechanism?: string; state?: string;
  recv_oct?: number; recv_cnt?: number; send_oct?: number; send_cnt?: number;
}
interface ApiConsumerDetail extends ApiConsumer { arguments?: JsonTable }

/** message_stats -> the counters the connections view shows (the API's names, camel-cased). */
function countsOf(s: ApiMessageStats | undefined): MessageCounts {
  const n = (k: string): number => statCount(s, k);
  return {
    publish: n('publish'), publishIn: n('publish_in'), publishOut: n('publish_out'), deliver: n('deliver'), deliverNoAck: n('deliver_no_ack'),
    get: n('get'), getNoAck: n('get_no_ack'), getEmpty: n('get_empty'), ack: n('ack'), redeliver: n('redeliver'), confirm: n('confirm'),
    returnUnroutable: n('return_unroutable'), dropUnroutable: n('drop_unroutable'),
  };
}

const FLOW_STATES: ReadonlySet<string> = new Set(['running', 'flow', 'blocking', 'blocked']);

export async function remoteConnections(client: ManagementClient, vhost: string): Promise<ConnectionDetail[]> {
  const [connections, channels, consumers] = await Promise.all([
    client.get<ApiConnectionDetail[]>(apiPath('vhosts', vhost, 'connections')),
    client.get<ApiChannelDetail[]>(apiPath('vhosts', vhost, 'channels')),
    client.get<ApiConsumerDetail[]>(apiPath('consumers', vhost)),
  ]);
  const consumersOf = new Map<string, ApiConsumerDetail[]>();
  for (const c of consumers) {
    const ch = c.channel_details?.name;
    if (ch) consumersOf.set(ch, [...(consumersOf.get(ch) ?? []), c]);
  }
  const channelsOf = new Map<string, ChannelInfo[]>();
  for (const ch of channels) {
    const conn = ch.connection_details?.name;
    if (!conn) continue;
    const info: ChannelInfo = {
      connectionId: conn, channel: ch.number ?? 0, prefetch: ch.prefetch_count ?? 0, globalPrefetch: ch.global_prefetch_count ?? 0,
      unacked: ch.messages_unacknowledged ?? 0, confirm: ch.confirm ?? false, transactional: ch.transactional ?? false,
      consumers: (consumersOf.get(ch.name) ?? []).map((c) => ({
        // the API counts unacknowledged messages per channel, not per consumer
        tag: c.consumer_tag, queue: c.queue.name, noAck: c.ack_required === false, exclusive: c.exclusive ?? false, unacked: 0,
        prefetch: c.prefetch_count ?? 0, arguments: c.arguments ?? {},
      })),
      stats: countsOf(ch.message_stats),
      ...(ch.messages_unconfirmed !== undefined ? { unconfirmed: ch.messages_unconfirmed } : {}),
    };
    channelsOf.set(conn, [...(channelsOf.get(conn) ?? []), info]);
  }
  return connections.map((c): ConnectionDetail => ({
    ...connectionFromApi(c),
    details: {
      protocol: 'amqp-0-9-1',
      channels: (channelsOf.get(c.name) ?? []).sort((a, b) => a.channel - b.channel),
      ...(c.frame_max !== undefined ? { tuning: { frameMax: c.frame_max, channelMax: c.channel_max ?? 0, heartbeat: c.timeout ?? 0, mechanism: c.auth_mechanism ?? '' } } : {}),
      ...(c.recv_oct !== undefined ? { traffic: { recvOct: c.recv_oct, recvCnt: c.recv_cnt ?? 0, sendOct: c.send_oct ?? 0, sendCnt: c.send_cnt ?? 0 } } : {}),
      ...(c.state && FLOW_STATES.has(c.state) ? { state: c.state as FlowState } : {}),
    },
  }));
}
