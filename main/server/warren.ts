// The headless broker assembled: the core, its protocol listeners, (later) storage, and the UI
// server. The CLI and the Electron shell both start Warren through here.
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmqpListener } from '../amqp/server/listener';
import { Broker } from '../broker/broker';
import { Durability } from './durability';
import { packingSupport } from './packing';
import { createBridge, type Bridge } from '../bridge/bridge';
import { FileLayoutStore } from '../bridge/layout-store';
import { startUiServer } from '../bridge/ui-server';
import { createManagementApi } from '../http/api';
import pkg from '../../package.json';
import type { Logger } from './log';
import { DEFAULT_MIN_FREE_DISK, defaultMaxMemory, ResourceMonitor } from './resource-monitor';

export interface UiOptions {
  host: string;
  port: number;
  /** the built renderer (dist/renderer) */
  staticDir?: string;
  /** where the UI's settings (node positions) are kept */
  settingsDir?: string;
}

export interface WarrenOptions {
  hosts: string[];
  port: number;
  log: Logger;
  /** resident memory above which publishers are blocked (default 40 % of the machine's) */
  maxMemory?: number;
  /** free disk below which publishers are blocked (default 50 MB) */
  minFreeDisk?: number;
  /** durable data; null keeps nothing on disk */
  dataDir?: string | null;
  /** serve the UI over HTTP and a WebSocket; null or absent: no UI server */
  ui?: UiOptions | null;
  /** the UI's settings when no UI server runs (the Electron window still uses the bridge) */
  settingsDir?: string;
}

export interface RunningWarren {
  broker: Broker;
  amqp: { port: number; hosts: string[] };
  /** the contract's handlers and event sampler (also used by the Electron shell) */
  bridge: Bridge;
  ui: { port: number; url: string } | null;
  /** close every client with 320 CONNECTION_FORCED, stop listening, and wait (bounded) for them to go */
  stop(reason?: string): Promise<void>;
}

export async function startWarren(opts: WarrenOptions): Promise<RunningWarren> {
  const broker = new Broker();
  for (const v of broker.vhosts.values()) v.packing = packingSupport(null);
  // Durable state is restored before the first client can connect.
  const durability = opts.dataDir ? await Durability.open(broker, opts.dataDir, opts.log) : null;
  broker.onVhostAdded = (v) => {
    v.packing = packingSupport(null);
    durability?.attach(v);
  };
  const listener = new AmqpListener(broker, { hosts: opts.hosts, port: opts.port, log: opts.log });
  let amqp;
  try {
    amqp = await listener.listen();
  } catch (err) {
    await durability?.close();
    throw err;
  }
  const monitor = new ResourceMonitor(broker.alarms, {
    maxMemory: opts.maxMemory ?? defaultMaxMemory(),
    minFreeDisk: opts.minFreeDisk ?? DEFAULT_MIN_FREE_DISK,
    dataDir: opts.dataDir ?? null,
  }, opts.log);
  monitor.start();
  const settingsDir = opts.ui?.settingsDir ?? opts.settingsDir ?? join(tmpdir(), 'warren');
  const bridge = createBridge(broker, new FileLayoutStore(settingsDir), { onInternalError: (e) => opts.log.warn(`UI command failed: ${(e as Error)?.stack ?? e}`) });
  let ui: Awaited<ReturnType<typeof startUiServer>> | null = null;
  if (opts.ui) {
    try {
      const listeners = (): Array<{ protocol: string; port: number; ip_address: string }> => [
        ...amqp.hosts.map((h) => ({ protocol: 'amqp', port: amqp.port, ip_address: h })),
        ...(ui ? [{ protocol: 'http', port: ui.port, ip_address: ui.host }] : []),
      ];
      const env = { broker, version: pkg.version, node: `warren@${hostname()}`, listeners };
      ui = await startUiServer(bridge, {
        host: opts.ui.host, port: opts.ui.port, staticDir: opts.ui.staticDir ?? join(process.cwd(), 'dist', 'renderer'), log: opts.log,
        managementApi: (isOwnHost) => createManagementApi(env, { isOwnHost }),
      });
    } catch (err) {
      monitor.stop();
      await listener.close();
      throw err;
    }
  }
  return {
    broker,
    amqp,
    bridge,
    ui: ui ? { port: ui.port, url: ui.url } : null,
    async stop(reason = 'broker shutdown') {
      monitor.stop();
      await ui?.close();
      // Stop accepting (this settles only once every socket is gone), then close the clients.
      const stopped = listener.close();
      broker.closeAll(reason);
      // Give clients a moment to answer close-ok, then drop whoever has not.
      const deadline = Date.now() + 2000;
      while (listener.openSockets > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      listener.destroySockets();
      await stopped;
      await durability?.close();
    },
  };
}
