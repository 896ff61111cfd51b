// The headless broker assembled: the core, its protocol listeners, (later) storage, and the UI
// server. The CLI and the Electron shell both start Warren through here.
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmqpListener, type AmqpSettings } from '../amqp/server/listener';
import { MqttListener } from '../mqtt/listener';
import { WebSocketListener } from '../transport/websocket-listener';
import type { TlsConfig } from '../transport/tls';
import type { MqttSettings } from '../mqtt/settings';
import { retainedFile } from './mqtt-retained-file';
import { sessionsFile } from './mqtt-sessions-file';
import { Broker } from '../broker/broker';
import type { ListenAddress, Listener } from '../broker/listener';
import { loadDefinitionsFile } from '../definitions/load';
import { dropDefaultAccess, seedDefaultAccess, type DefaultAccess } from './default-access';
import { Durability } from './durability';
import { packingSupport } from './packing';
import { createBridge, type Bridge } from '../bridge/bridge';
import { FileLayoutStore } from '../bridge/layout-store';
import { FileLessonStateStore } from '../lessons/lesson-state';
import { startUiServer } from '../bridge/ui-server';
import { startMetricsServer, type RunningMetricsServer } from './prometheus-server';
import { createUiAccess } from '../bridge/ui-login';
import { ProfileStore, SessionVault } from '../remote/profile-store';
import { windowSessions } from './window-sessions';
import { createManagementApi } from '../http/api';
import { startShovels } from '../shovel/start';
import { shovelsApi } from '../shovel/status-json';
import { startSimulation } from '../simulate/start';
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
  /** serve the UI, the API and /api/ws over HTTPS with this certificate */
  tls?: TlsConfig | null;
}

/** What a listener may keep on disk: the data directory, or null in memory. */
export interface ListenerEnv { dataDir: string | null }

/** Makes one protocol's listeners for the broker (AMQP; MQTT and Web-MQTT, which share sessions). */
export type ListenerFactory = (broker: Broker, log: Logger, env: ListenerEnv) => Listener | Listener[];

/** The AMQP 0-9-1 listener on `port` (0 picks a free one), with RabbitMQ's limits unless `settings`
 *  change them; AMQPS with `tls`. */
export const amqpListener = (port: number, settings: AmqpSettings = {}, tls: TlsConfig | null = null): ListenerFactory =>
  (broker, log) => new AmqpListener(broker, { ...settings, port, log, tls });

/** MQTTS and WSS (Web-MQTT over TLS) ports, on the plain MQTT listener's sessions; a null port: not served. */
export interface MqttTls { config: TlsConfig; port: number | null; webPort: number | null }

/** The MQTT listener on `port` (0 picks a free one), with RabbitMQ's mqtt.* settings, and Web-MQTT
 *  (ws://…:webPort/ws, as RabbitMQ's rabbitmq_web_mqtt) on the same sessions unless webPort is null;
 *  with `tls` also MQTTS and WSS, on the same sessions too. */
export const mqttListener = (port: number, settings: Partial<MqttSettings> = {}, webPort: number | null = null, tls: MqttTls | null = null): ListenerFactory => (broker, log, env) => {
  const mqtt = new MqttListener(broker, {
    port, settings, log,
    retained: env.dataDir ? retainedFile(env.dataDir, log) : null,
    sessions: env.dataDir ? sessionsFile(env.dataDir, log) : null,
  });
  const warn = (line: string): void => log.warn(line);
  return [
    mqtt,
    ...(webPort === null ? [] : [new WebSocketListener({ protocol: 'Web MQTT', port: webPort, endpoints: [mqtt.webSocket] })]),
    ...(tls?.port == null ? [] : [new MqttListener(broker, { port: tls.port, settings, log, tls: tls.config, shared: mqtt.shared })]),
    ...(tls?.webPort == null ? [] : [new WebSocketListener({ protocol: 'Web MQTT/TLS', port: tls.webPort, endpoints: [mqtt.webSocket], tls: tls.config, warn })]),
  ];
};

export interface WarrenOptions {
  /** the addresses every listener binds */
  hosts: string[];
  /** the AMQP port, when `listeners` is not given */
  port: number;
  /** the protocol listeners to start, in order (default: AMQP on `port`) */
  listeners?: ListenerFactory[];
  log: Logger;
  /** resident memory above which publishers are blocked (default 40 % of the machine's) */
  maxMemory?: number;
  /** free disk below which publishers are blocked (default 50 MB) */
  minFreeDisk?: number;
  /** sessions (AMQP connections, MQTT clients) open at once; more are refused with 530 (default: no limit) */
  maxConnections?: number;
  /** durable data; null keeps nothing on disk */
  dataDir?: string | null;
  /** serve the UI over HTTP and a WebSocket; null or absent: no UI server */
  ui?: UiOptions | null;
  /** Prometheus metrics at /metrics (rabbitmq_prometheus's names); null or absent: none */
  prometheus?: { host: string; port: number } | null;
  /** the UI's settings when no UI server runs (the Electron window still uses the bridge) */
  settingsDir?: string;
  /** the first user and vhost, on an empty data directory without `definitionsFile` (default guest/guest on '/') */
  defaultAccess?: DefaultAccess;
  /** a definitions file imported at every start (RabbitMQ's load_definitions); on an empty data
   *  directory no default user or vhost is made, the file's are the only ones */
  definitionsFile?: string;
}

export interface RunningWarren {
  broker: Broker;
  /** every listener, started */
  listeners: Listener[];
  /** where the (first) AMQP listener listens */
  amqp: ListenAddress;
  /** the contract's handlers and event sampler (also used by the Electron shell) */
  bridge: Bridge;
  ui: { port: number; url: string } | null;
  metrics: { port: number; url: string } | null;
  /** stop listening, close every client (AMQP: 320 CONNECTION_FORCED), and wait (bounded) for them to go */
  stop(reason?: string): Promise<void>;
}

export async function startWarren(opts: WarrenOptions): Promise<RunningWarren> {
  const broker = new Broker();
  broker.maxConnections = opts.maxConnections;
  broker.onWarning = (text) => opts.log.warn(text);
  for (const v of broker.vhosts.values()) v.packing = packingSupport(null);
  // Durable state is restored before the first client can connect.
  const durability = opts.dataDir ? await Durability.open(broker, opts.dataDir, opts.log) : null;
  broker.onVhostAdded = (v) => {
    v.packing = packingSupport(null);
    durability?.attach(v);
  };
  try {
    if (durability?.fresh ?? true) {
      if (opts.definitionsFile) dropDefaultAccess(broker);
      else if (opts.defaultAccess) seedDefaultAccess(broker, opts.defaultAccess);
    }
    if (opts.definitionsFile) loadDefinitionsFile(broker, opts.definitionsFile);
  } catch (err) {
    await durability?.close();
    throw err;
  }
  const listeners = (opts.listeners ?? [amqpListener(opts.port)]).flatMap((make) => make(broker, opts.log, { dataDir: opts.dataDir ?? null }));
  const stopListeners = (text: string): Promise<unknown> => Promise.all(listeners.map((l) => l.stop({ kind: 'shutdown', text })));
  try {
    for (const l of listeners) await l.start(opts.hosts);
  } catch (err) {
    await stopListeners('broker failed to start');
    await durability?.close();
    throw err;
  }
  // dynamic shovels (rabbitmq_shovel): "amqp://" is this broker, through its AMQP listener
  const shovels = startShovels(broker, listeners.find((l) => l instanceof AmqpListener), (text) => opts.log.warn(text));
  // the window's simulated clients: real connections to the plain AMQP listener, until stopped
  const simulation = startSimulation(broker, listeners.find((l) => l instanceof AmqpListener && !l.secure));
  const monitor = new ResourceMonitor(broker.alarms, {
    maxMemory: opts.maxMemory ?? defaultMaxMemory(),
    minFreeDisk: opts.minFreeDisk ?? DEFAULT_MIN_FREE_DISK,
    dataDir: opts.dataDir ?? null,
  }, opts.log);
  monitor.start();
  const settingsDir = opts.ui?.settingsDir ?? opts.settingsDir ?? join(tmpdir(), 'warren');
  // the window's MQTT tools come from the MQTT listener, when one runs
  const mqtt = listeners.find((l): l is MqttListener => l instanceof MqttListener)?.window ?? null;
  // lesson progress and the welcome's answer beside the layout; none kept for a broker that keeps nothing
  const lessons = opts.dataDir === null || opts.dataDir === undefined ? undefined : new FileLessonStateStore(settingsDir);
  const bridge = createBridge(broker, new FileLayoutStore(settingsDir), { version: pkg.version, mqtt, simulation, lessons, onInternalError: (e) => opts.log.warn(`UI command failed: ${(e as Error)?.stack ?? e}`) });
  let ui: Awaited<ReturnType<typeof startUiServer>> | null = null;
  if (opts.ui) {
    try {
      // the management API's /api/overview lists every listener, as RabbitMQ's does
      const listenerList = (): Array<{ protocol: string; port: number; ip_address: string }> => [
        ...listeners.flatMap((l) => (l.address ? l.address.hosts.map((h) => ({ protocol: overviewProtocol(l.scheme), port: l.address!.port, ip_address: h })) : [])),
        ...(ui ? [{ protocol: opts.ui?.tls ? 'https' : 'http', port: ui.port, ip_address: ui.host }] : []),
      ];
      const node = `warren@${hostname()}`;
      const env = {
        broker, version: pkg.version, node, listeners: listenerList, resources: () => monitor.readings(),
        settle: () => durability?.saveIfPending(), shovels: shovelsApi(shovels, node),
      };
      const access = createUiAccess(broker);
      // remote profiles' passwords live for the login session only
      const vault = new SessionVault();
      access.sessions.onEnd((token) => vault.forget(token));
      const openWindow = windowSessions({
        bridge, version: pkg.version, profiles: new ProfileStore(opts.dataDir === null && !opts.ui.settingsDir ? null : join(settingsDir, 'profiles.json')), vault,
        onError: (e) => opts.log.warn(`window session: ${(e as Error)?.stack ?? e}`),
      });
      ui = await startUiServer({
        host: opts.ui.host, port: opts.ui.port, tls: opts.ui.tls ?? null, staticDir: opts.ui.staticDir ?? join(process.cwd(), 'dist', 'renderer'), log: opts.log,
        managementApi: (isOwnHost) => createManagementApi(env, { isOwnHost }),
        access,
        route: bridge.dispatch,
        openWindow: (who, scope) => openWindow(who.user, scope, who),
        // AMQP 0-9-1 over WebSocket at /amqp, as LavinMQ serves it on its HTTP port
        webSockets: listeners.flatMap((l) => (l instanceof AmqpListener && !l.secure ? [l.webSocket] : [])),
      });
    } catch (err) {
      monitor.stop();
      await simulation.close();
      await shovels.stop();
      await stopListeners('broker failed to start');
      throw err;
    }
  }
  let metrics: RunningMetricsServer | null = null;
  if (opts.prometheus) {
    try {
      metrics = await startMetricsServer(broker, { ...opts.prometheus, resources: () => monitor.readings() });
    } catch (err) {
      monitor.stop();
      await simulation.close();
      await shovels.stop();
      await ui?.close();
      await stopListeners('broker failed to start');
      throw err;
    }
  }
  return {
    broker,
    listeners,
    get amqp() {
      const a = listeners.find((l) => l instanceof AmqpListener)?.address;
      if (!a) throw new Error('this Warren runs no AMQP listener');
      return a;
    },
    bridge,
    ui: ui ? { port: ui.port, url: ui.url } : null,
    metrics: metrics ? { port: metrics.port, url: metrics.url } : null,
    async stop(reason = 'broker shutdown') {
      monitor.stop();
      await simulation.close();
      await shovels.stop();
      // Each listener stops accepting and closes its clients (bounded), all at once; before the
      // UI server, which carries the listeners' WebSocket clients (AMQP at /amqp).
      await stopListeners(reason);
      await ui?.close();
      await metrics?.close();
      await durability?.close();
    },
  };
}

/** RabbitMQ's names for TLS listeners in /api/overview: amqp/ssl, mqtt/ssl. */
function overviewProtocol(scheme: string): string {
  return scheme === 'amqps' ? 'amqp/ssl' : scheme === 'mqtts' ? 'mqtt/ssl' : scheme;
}
