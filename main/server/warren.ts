// The headless broker assembled: the core, its protocol listeners and (later) storage and the UI
// server. The CLI and the Electron shell both start Warren through here.
import { AmqpListener } from '../amqp/server/listener';
import { Broker } from '../broker/broker';
import type { Logger } from './log';
import { DEFAULT_MIN_FREE_DISK, defaultMaxMemory, ResourceMonitor } from './resource-monitor';

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
}

export interface RunningWarren {
  broker: Broker;
  amqp: { port: number; hosts: string[] };
  /** close every client with 320 CONNECTION_FORCED, stop listening, and wait (bounded) for them to go */
  stop(reason?: string): Promise<void>;
}

export async function startWarren(opts: WarrenOptions): Promise<RunningWarren> {
  const broker = new Broker();
  const listener = new AmqpListener(broker, { hosts: opts.hosts, port: opts.port, log: opts.log });
  const amqp = await listener.listen();
  const monitor = new ResourceMonitor(broker.alarms, {
    maxMemory: opts.maxMemory ?? defaultMaxMemory(),
    minFreeDisk: opts.minFreeDisk ?? DEFAULT_MIN_FREE_DISK,
    dataDir: opts.dataDir ?? null,
  }, opts.log);
  monitor.start();
  return {
    broker,
    amqp,
    async stop(reason = 'broker shutdown') {
      monitor.stop();
      await listener.close();
      broker.closeAll(reason);
      // Give clients a moment to answer close-ok, then drop whoever has not.
      const deadline = Date.now() + 2000;
      while (listener.openSockets > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      listener.destroySockets();
    },
  };
}
