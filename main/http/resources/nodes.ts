// /api/nodes[/{name}] (rabbit_mgmt_wm_nodes, _node): Warren is one node. Memory and disk readings
// come from the resource monitor, the alarms from the core (RabbitMQ shows them the same way).
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { applications, enabledPluginNames, exchangeTypes } from '../../broker/plugins';
import type { Ctx, Resource } from '../router';

const MONITORING = { read: 'monitoring', write: 'administrator' } as const;

function nodeJson(ctx: Ctx): Record<string, unknown> {
  const r = ctx.env.resources?.();
  const fdUsed = openFiles();
  const fdTotal = fileLimit();
  return {
    name: ctx.env.node, type: 'disc', running: true, os_pid: String(process.pid), uptime: Math.round(process.uptime() * 1000),
    processors: availableParallelism(), rates_mode: 'basic', enabled_plugins: enabledPluginNames(), applications: applications(), exchange_types: exchangeTypes(), partitions: [], cluster_links: [],
    mem_used: r?.memUsed ?? process.memoryUsage.rss(), mem_limit: r?.memLimit ?? null, mem_alarm: ctx.broker.alarms.isSet('memory'),
    mem_calculation_strategy: 'rss',
    disk_free: r?.diskFree ?? null, disk_free_limit: r?.diskFreeLimit ?? null, disk_free_alarm: ctx.broker.alarms.isSet('disk'),
    ...(fdUsed === null ? {} : { fd_used: fdUsed }),
    ...(fdTotal === null ? {} : { fd_total: fdTotal, sockets_total: fdTotal }),
    sockets_used: ctx.broker.clients.size,
  };
}

/** The soft limit on open files (RabbitMQ's fd_total), from /proc/self/limits on Linux. */
function fileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'latin1'));
    return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
  } catch { return null; }
}

/** Linux counts a process's open descriptors in /proc/self/fd; elsewhere there is no cheap count. */
function openFiles(): number | null {
  try { return readdirSync('/proc/self/fd').length; } catch { return null; }
}

export const nodes: Resource = {
  methods: ['GET'],
  auth: MONITORING,
  list: { rows: (ctx) => [nodeJson(ctx)], sort: ['name'], pageable: false },
};

export const node: Resource = {
  methods: ['GET'],
  auth: MONITORING,
  exists: (ctx) => ctx.params.node === ctx.env.node,
  get: nodeJson,
};
