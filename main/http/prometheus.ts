// Prometheus metrics in rabbitmq_prometheus's names (its aggregated set, the default since 3.8),
// so that dashboards and alerts written for RabbitMQ read Warren unchanged. Rendered on each
// scrape from the core's plain counters and gauges: the message path pays nothing for it.
import type { Broker } from '../broker/broker';
import { MessageStats, STAT_FIELDS } from '../broker/message-stats';
import type { NodeResources } from './router';

type Kind = 'gauge' | 'counter';
interface Metric { name: string; kind: Kind; help: string; value: number | null }

export function renderMetrics(broker: Broker, resources: NodeResources | null): string {
  let queues = 0, ready = 0, unacked = 0, consumers = 0;
  const totals = new MessageStats();
  for (const v of broker.vhosts.values()) {
    for (const q of v.queues.values()) { queues++; ready += q.messageCount; unacked += q.unacked; consumers += q.consumerCount; }
    const t = v.messageTotals();
    for (const k of STAT_FIELDS) totals[k] += t[k];
  }
  let channels = 0;
  for (const c of broker.clients.values()) channels += c.details().channels.length;
  const alarm = (kind: 'memory' | 'disk'): number => (broker.alarms.isSet(kind) ? 1 : 0);
  const metrics: Metric[] = [
    { name: 'rabbitmq_connections', kind: 'gauge', help: 'Connections currently open', value: broker.clients.size },
    { name: 'rabbitmq_channels', kind: 'gauge', help: 'Channels currently open', value: channels },
    { name: 'rabbitmq_consumers', kind: 'gauge', help: 'Consumers currently connected', value: consumers },
    { name: 'rabbitmq_queues', kind: 'gauge', help: 'Queues available', value: queues },
    { name: 'rabbitmq_queue_messages_ready', kind: 'gauge', help: 'Messages ready to be delivered to consumers', value: ready },
    { name: 'rabbitmq_queue_messages_unacked', kind: 'gauge', help: 'Messages delivered to consumers but not yet acknowledged', value: unacked },
    { name: 'rabbitmq_queue_messages', kind: 'gauge', help: 'Sum of ready and unacknowledged messages - total queue depth', value: ready + unacked },
    { name: 'rabbitmq_global_messages_received_total', kind: 'counter', help: 'Total number of messages received from publishers', value: totals.publish },
    { name: 'rabbitmq_global_messages_confirmed_total', kind: 'counter', help: 'Total number of messages confirmed to publishers', value: totals.confirm },
    { name: 'rabbitmq_global_messages_routed_total', kind: 'counter', help: 'Total number of messages routed to queues or streams', value: totals.publish - totals.returnUnroutable - totals.dropUnroutable },
    { name: 'rabbitmq_global_messages_unroutable_dropped_total', kind: 'counter', help: 'Total number of messages published as non-mandatory into an exchange and dropped as unroutable', value: totals.dropUnroutable },
    { name: 'rabbitmq_global_messages_unroutable_returned_total', kind: 'counter', help: 'Total number of messages published as mandatory into an exchange and returned to the publisher as unroutable', value: totals.returnUnroutable },
    { name: 'rabbitmq_global_messages_delivered_total', kind: 'counter', help: 'Total number of messages delivered to consumers', value: totals.deliver + totals.deliverNoAck + totals.get + totals.getNoAck },
    { name: 'rabbitmq_global_messages_delivered_consume_manual_ack_total', kind: 'counter', help: 'Total number of messages delivered to consumers using manual acknowledgement mode', value: totals.deliver },
    { name: 'rabbitmq_global_messages_delivered_consume_auto_ack_total', kind: 'counter', help: 'Total number of messages delivered to consumers using automatic acknowledgement mode', value: totals.deliverNoAck },
    { name: 'rabbitmq_global_messages_delivered_get_manual_ack_total', kind: 'counter', help: 'Total number of messages delivered to consumers using basic.get with manual acknowledgement mode', value: totals.get },
    { name: 'rabbitmq_global_messages_delivered_get_auto_ack_total', kind: 'counter', help: 'Total number of messages delivered to consumers using basic.get with automatic acknowledgement mode', value: totals.getNoAck },
    { name: 'rabbitmq_global_messages_get_empty_total', kind: 'counter', help: 'Total number of times basic.get operations fetched no message', value: totals.getEmpty },
    { name: 'rabbitmq_global_messages_redelivered_total', kind: 'counter', help: 'Total number of messages redelivered to consumers', value: totals.redeliver },
    { name: 'rabbitmq_global_messages_acknowledged_total', kind: 'counter', help: 'Total number of messages acknowledged by consumers', value: totals.ack },
    { name: 'rabbitmq_alarms_memory_used_watermark', kind: 'gauge', help: 'is 1 if VM memory watermark alarm is in effect', value: alarm('memory') },
    { name: 'rabbitmq_alarms_free_disk_space_watermark', kind: 'gauge', help: 'is 1 if free disk space watermark alarm is in effect', value: alarm('disk') },
    { name: 'rabbitmq_process_resident_memory_bytes', kind: 'gauge', help: 'Memory used in bytes', value: resources?.memUsed ?? process.memoryUsage.rss() },
    { name: 'rabbitmq_resident_memory_limit_bytes', kind: 'gauge', help: 'Memory high watermark in bytes', value: resources?.memLimit ?? null },
    { name: 'rabbitmq_disk_space_available_bytes', kind: 'gauge', help: 'Disk space available in bytes', value: resources?.diskFree ?? null },
    { name: 'rabbitmq_disk_space_available_limit_bytes', kind: 'gauge', help: 'Free disk space low watermark in bytes', value: resources?.diskFreeLimit ?? null },
  ];
  const out: string[] = [];
  for (const m of metrics) {
    if (m.value === null) continue; // unknown here (no data directory): left out rather than made up
    out.push(`# TYPE ${m.name} ${m.kind}`, `# HELP ${m.name} ${m.help}`, `${m.name} ${m.value}`);
  }
  return out.join('\n') + '\n';
}
