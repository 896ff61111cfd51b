// The headless entry: `warren serve [options]`.
import { existsSync } from 'node:fs';
import { tmpdir, homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, isLogLevel } from './server/log';
import { DataDirLockedError, defaultDataDir } from './store/data-dir';
import { DefinitionsError } from './definitions/format';
import { amqpListener, mqttListener, startWarren } from './server/warren';
import type { AmqpSettings } from './amqp/server/listener';
import { MAX_MESSAGE_SIZE_CEILING, type ConnectionLimits } from './amqp/server/handshake';
import { FRAME_MIN_SIZE } from './amqp/spec';
import { listenerUrls } from './broker/listener';
import { loadTls, TlsConfigError, type TlsConfig } from './transport/tls';
import { CERT_LOGIN_FROM, type CertLoginFrom } from './transport/cert-login';
import { ROUTE_USAGE, routeCommand } from './route-command';
import { DEFINITIONS_USAGE, definitionsCommand } from './definitions-command';
import { CONNECT_USAGE, connectCommand } from './connect-command';
import { TRACE_USAGE, traceCommand } from './trace-command';
import { CODEGEN_USAGE, codegenCommand } from './codegen-command';
import { LINT_USAGE, lintCommand } from './lint-command';
import { SIMULATE_USAGE, simulateCommand } from './simulate-command';

const USAGE = `usage: warren serve [options]
       warren route --exchange X --key K [--url URL] [--vhost /] [--header N=V ...] [--json]
       warren route --management http://user:pass@host:15672 --exchange X --key K [...]
       warren definitions export|import FILE [--url http://user:pass@host:15672] [--vhost V]
       warren connect http://user:pass@host:15672 [--ui-port N] [--amqp URL] [--read-only]
       warren trace on|off [--vhost V] [--url http://user:pass@host:15672]
       warren codegen --lang pika|amqplib|spring|definitions|rabbitmqadmin [--url URL] [--vhost V]
       warren lint [--url URL] [--vhost V] [--json] [--strict]
       warren simulate [--url URL] --producer exchange=X,key=K,rate=50 --consumer queue=Q,prefetch=1,work=200ms,reject=0.1
       warren --version

  --host HOST        address to listen on (repeatable; default 127.0.0.1 and ::1)
  --port N           AMQP port (default 5672; 0 picks a free port)
  --data-dir DIR     where durable data lives (default: the per-user app data folder, the
                     same one the desktop app uses)
  --in-memory        keep nothing on disk
  --log-level LEVEL  error | warn | info | debug (default info)
  --max-memory SIZE  block publishers above this resident memory: bytes, 512MB, 2GB or 40%
                     of the machine's memory (default 40%)
  --min-free-disk SIZE  block publishers when the data directory's disk has less free (default 50MB)
  --ui-port N        port of the browser UI (default 15672; 0 picks a free port)
  --settings-dir DIR where the UI keeps node positions (default: the data dir, or the OS temp
                     dir with --in-memory)
  --no-ui            do not serve the UI
  --prometheus-port N  Prometheus metrics at /metrics, in rabbitmq_prometheus's names
                     (default 15692, loopback only; 0 picks a free port)
  --no-prometheus    do not serve metrics
  --mqtt-port N      MQTT 3.1, 3.1.1 and 5.0 port (default 1883; 0 picks a free port)
  --no-mqtt          do not serve MQTT
  --web-mqtt-port N  Web-MQTT (MQTT over WebSocket, ws://127.0.0.1:N/ws) port (default 15675;
                     0 picks a free port)
  --no-web-mqtt      do not serve Web-MQTT
  --mqtt-exchange X  the topic exchange MQTT publishes and subscriptions use (RabbitMQ's
                     mqtt.exchange; default amq.topic); VHOST=X sets it for one vhost; repeatable
  --definitions FILE import this RabbitMQ definitions file (users, vhosts, permissions, queues,
                     exchanges, bindings) at every start, as RabbitMQ's load_definitions; on an
                     empty data directory its users and vhosts are the only ones (no guest, no /)
  --default-user U   the first user (an administrator) on an empty data directory without
                     --definitions, instead of guest (default: $RABBITMQ_DEFAULT_USER, else guest)
  --default-pass P   its password (default: $RABBITMQ_DEFAULT_PASS, else guest)
  --default-vhost V  the first vhost, where that user gets full permissions, instead of '/'
                     (default: $RABBITMQ_DEFAULT_VHOST, else /)
  --tls-cert FILE    TLS: this PEM certificate (with --tls-key) switches on AMQPS, MQTTS and
                     Web-MQTT over WSS beside the plain listeners, and HTTPS for the UI and API
  --tls-key FILE     the certificate's PEM private key (unencrypted)
  --tls-ca FILE      PEM CA certificates: clients are asked for a certificate (not required);
                     one the CA did not sign is refused; a verified one logs in as the user named
                     by its subject CN: AMQP's EXTERNAL mechanism, MQTT without username/password
  --ssl-cert-login-from common_name|distinguished_name  which part of a client certificate
                     names its user (RabbitMQ's ssl_cert_login_from; default common_name;
                     distinguished_name: the subject as "O=Org,CN=app", RabbitMQ's default)
  --amqps-port N     AMQP 0-9-1 over TLS port (default 5671; 0 picks a free port)
  --mqtts-port N     MQTT over TLS port (default 8883; 0 picks a free port)
  --web-mqtts-port N Web-MQTT over TLS (wss://127.0.0.1:N/ws) port (default 15676)
  --no-ui-tls        serve the UI and API over plain HTTP even with --tls-cert
  --max-connections N  AMQP connections and MQTT clients open at once; the next is refused with
                     530 NOT_ALLOWED (default: no limit)
  --consumer-timeout MS  a delivery unacknowledged this long closes its channel with 406, where
                     no x-consumer-timeout or policy says otherwise (default 1800000, 30
                     minutes; off: never)
  --max-message-size SIZE  largest message body a publisher may send (default 128MiB, at most
                     512MiB; above it: 406 PRECONDITION_FAILED)
  --channel-max N    channels open at once per AMQP connection (default 2047, at most 65535)
  --frame-max N      largest AMQP frame in bytes (default 131072, at least 4096)
  --handshake-timeout MS  an AMQP client that has not opened its connection this long after
                     connecting is dropped (default 10000)
  --send-timeout MS  an AMQP or MQTT client that reads none of what is waiting for it this long
                     is dropped (default 30000)
`;

/** "1073741824", "512MB", "2GiB", "1.5G", or "40%" of `whole`. */
function parseSize(text: string, flag: string, whole: number | null): number {
  const m = /^(\d+(?:\.\d+)?)\s*(%|[kmgt]i?b?|b)?$/i.exec(text.trim());
  if (!m) fail(`${flag} must be a size such as 512MB, 2GB${whole !== null ? ' or 40%' : ''}, got '${text}'`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit === '%') {
    if (whole === null) fail(`${flag} does not take a percentage`);
    return Math.floor((whole * n) / 100);
  }
  const power = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0] ?? ''] ?? 0;
  const base = unit.includes('i') ? 1024 : 1000;
  return Math.floor(n * base ** power);
}

/** A port option's value: 0 to 65535 (0 picks a free port). */
function portOption(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--${name} must be a number from 0 to 65535, got '${text}'`);
  return n;
}

/** An integer option's value from `min` to `max`. */
function intOption(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got '${text}'`);
  return n;
}

/** The AMQP limits the options change (RabbitMQ's defaults for the rest). */
function amqpSettings(v: Partial<Record<'max-message-size' | 'channel-max' | 'frame-max' | 'handshake-timeout' | 'send-timeout' | 'consumer-timeout', string>>): AmqpSettings {
  const limits: Partial<ConnectionLimits> = {};
  if (v['max-message-size'] !== undefined) {
    limits.maxMessageSize = parseSize(v['max-message-size'], '--max-message-size', null);
    if (limits.maxMessageSize < 1 || limits.maxMessageSize > MAX_MESSAGE_SIZE_CEILING) fail(`--max-message-size must be from 1 byte to 512MiB, got '${v['max-message-size']}'`);
  }
  if (v['channel-max'] !== undefined) limits.channelMax = intOption('channel-max', v['channel-max'], 1, 65535);
  if (v['frame-max'] !== undefined) limits.frameMax = intOption('frame-max', v['frame-max'], FRAME_MIN_SIZE, 0xffffffff);
  if (v['send-timeout'] !== undefined) limits.sendTimeout = intOption('send-timeout', v['send-timeout'], 1, 2 ** 31);
  if (v['handshake-timeout'] !== undefined) limits.handshakeTimeout = intOption('handshake-timeout', v['handshake-timeout'], 1, 2 ** 31);
  const timeout = v['consumer-timeout'];
  const consumerTimeout = timeout === undefined ? undefined : timeout === 'off' ? null : (/^\d+$/.test(timeout) && Number(timeout) >= 1 ? Number(timeout) : fail(`--consumer-timeout must be a whole number of ms (at least 1) or off, got '${timeout}'`));
  return { limits, consumerTimeout };
}

function fail(msg: string): never {
  process.stderr.write(`warren: ${msg}\n`);
  process.exit(1);
}

async function serve(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', multiple: true },
        port: { type: 'string', default: '5672' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        'ui-port': { type: 'string', default: '15672' },
        'max-memory': { type: 'string' },
        'min-free-disk': { type: 'string' },
        'no-ui': { type: 'boolean', default: false },
        'prometheus-port': { type: 'string', default: '15692' },
        'no-prometheus': { type: 'boolean', default: false },
        'mqtt-port': { type: 'string', default: '1883' },
        'no-mqtt': { type: 'boolean', default: false },
        'web-mqtt-port': { type: 'string', default: '15675' },
        'no-web-mqtt': { type: 'boolean', default: false },
        'mqtt-exchange': { type: 'string', multiple: true, default: [] },
        'settings-dir': { type: 'string' },
        definitions: { type: 'string' },
        'default-user': { type: 'string' },
        'default-pass': { type: 'string' },
        'default-vhost': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
        'ssl-cert-login-from': { type: 'string' },
        'amqps-port': { type: 'string' },
        'mqtts-port': { type: 'string' },
        'web-mqtts-port': { type: 'string' },
        'no-ui-tls': { type: 'boolean', default: false },
        'consumer-timeout': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-message-size': { type: 'string' },
        'channel-max': { type: 'string' },
        'frame-max': { type: 'string' },
        'handshake-timeout': { type: 'string' },
        'send-timeout': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) { process.stdout.write(USAGE); return; }
  const port = portOption('port', values.port!);
  const level = values['log-level']!;
  if (!isLogLevel(level)) fail(`--log-level must be error, warn, info or debug, got '${level}'`);
  const log = createLogger(level);
  const hosts = values.host ?? ['127.0.0.1', '::1'];
  const maxMemory = values['max-memory'] === undefined ? undefined : parseSize(values['max-memory'], '--max-memory', totalmem());
  const minFreeDisk = values['min-free-disk'] === undefined ? undefined : parseSize(values['min-free-disk'], '--min-free-disk', null);

  const tls = tlsOption(values);
  const uiPort = portOption('ui-port', values['ui-port']!);
  // The UI's settings (node positions): --settings-dir, else beside the data, else the temp dir.
  const settingsDir = values['settings-dir']
    ?? (values['in-memory'] ? join(tmpdir(), 'warren') : values['data-dir'] ?? join(homedir(), '.warren'));
  const bundledUi = fileURLToPath(new URL('./renderer/', import.meta.url)); // dist/cli.js -> dist/renderer
  const ui = values['no-ui'] ? null : { host: '127.0.0.1', port: uiPort, settingsDir, staticDir: existsSync(bundledUi) ? bundledUi : undefined, tls: values['no-ui-tls'] ? null : tls };

  const dataDir = values['in-memory'] ? null : values['data-dir'] ?? defaultDataDir();
  // the Docker image's variables, as RabbitMQ's (empty ones count as unset)
  const env = (name: string): string | undefined => process.env[name] || undefined;
  const defaultAccess = {
    user: values['default-user'] ?? env('RABBITMQ_DEFAULT_USER'),
    password: values['default-pass'] ?? env('RABBITMQ_DEFAULT_PASS'),
    vhost: values['default-vhost'] ?? env('RABBITMQ_DEFAULT_VHOST'),
  };
  if (defaultAccess.user === '') fail('--default-user must not be empty');
  if (defaultAccess.vhost === '') fail('--default-vhost must not be empty');
  const definitionsFile = values.definitions;
  const metricsPort = portOption('prometheus-port', values['prometheus-port']!);
  const settings = amqpSettings(values);
  const listeners = [amqpListener(port, settings)];
  if (tls) listeners.push(amqpListener(portOption('amqps-port', values['amqps-port'] ?? '5671'), settings, tls));
  if (!values['no-mqtt']) {
    const webPort = values['no-web-mqtt'] ? null : portOption('web-mqtt-port', values['web-mqtt-port']!);
    const mqttTls = tls && {
      config: tls, port: portOption('mqtts-port', values['mqtts-port'] ?? '8883'),
      webPort: values['no-web-mqtt'] ? null : portOption('web-mqtts-port', values['web-mqtts-port'] ?? '15676'),
    };
    const sendTimeout = settings.limits?.sendTimeout;
    const mqttSettings = { ...mqttExchanges(values['mqtt-exchange']!), ...(sendTimeout === undefined ? {} : { sendTimeout }) };
    listeners.push(mqttListener(portOption('mqtt-port', values['mqtt-port']!), mqttSettings, webPort, mqttTls));
  }
  const maxConnections = values['max-connections'] === undefined ? undefined : intOption('max-connections', values['max-connections'], 0, 2 ** 31);
  const prometheus = values['no-prometheus'] ? null : { host: '127.0.0.1', port: metricsPort };
  let warren;
  try {
    warren = await startWarren({ hosts, port, listeners, log, maxMemory, minFreeDisk, maxConnections, dataDir, ui, prometheus, defaultAccess, definitionsFile });
  } catch (err) {
    if (err instanceof DataDirLockedError) fail(err.message);
    if (err instanceof DefinitionsError) fail(`--definitions ${definitionsFile}: ${err.message}`);
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    if (e.code === 'EADDRINUSE') fail(`port ${e.port ?? port} on ${e.address ?? hosts[0]} is already in use (is another broker running?)`);
    if (e.code === 'EACCES') fail(`no permission to listen on port ${port}`);
    if (e.code === 'EADDRNOTAVAIL') fail(`address ${e.address} is not available on this machine`);
    fail(e.message);
  }
  // One line for every listener: "AMQP 0-9-1 on amqp://127.0.0.1:5672 and amqp://[::1]:5672".
  const served = warren.listeners.map((l) => `${l.protocol} on ${listenerUrls(l).join(' and ')}`);
  process.stdout.write(`Warren ready: ${served.join('; ')}\n`);
  if (warren.ui) process.stdout.write(`Warren UI: ${warren.ui.url}\n`);
  if (warren.metrics) process.stdout.write(`Warren metrics: ${warren.metrics.url}\n`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing clients with 320 CONNECTION_FORCED`);
    warren.stop('broker shutdown').then(() => process.exit(0), () => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'serve':
    await serve(rest);
    break;
  case 'route':
    if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(ROUTE_USAGE);
    else await routeCommand(rest, (s) => process.stdout.write(s), fail);
    break;
  case 'definitions':
    await definitionsCommand(rest, (s) => process.stdout.write(s), fail);
    break;
  case 'trace':
    if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(TRACE_USAGE);
    else await traceCommand(rest, (s) => process.stdout.write(s), fail);
    break;
  case 'codegen':
    if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(CODEGEN_USAGE);
    else await codegenCommand(rest, (s) => process.stdout.write(s), fail);
    break;
  case 'lint':
    if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(LINT_USAGE);
    else await lintCommand(rest, (s) => process.stdout.write(s), fail, (code) => { process.exitCode = code; });
    break;
  case 'simulate': {
    if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(SIMULATE_USAGE); break; }
    const stops: Array<() => Promise<void>> = [];
    await simulateCommand(rest, (s) => process.stdout.write(s), fail, (stop) => stops.push(stop));
    const end = (): void => { void (async () => { for (const stop of stops) await stop().catch(() => {}); process.exit(0); })(); };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    break;
  }
  case 'connect': {
    if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(CONNECT_USAGE); break; }
    const bundled = fileURLToPath(new URL('./renderer/', import.meta.url));
    const ui = await connectCommand(rest, { out: (s) => process.stdout.write(s), fail, staticDir: existsSync(bundled) ? bundled : undefined });
    const stop = (): void => { void ui.close().finally(() => process.exit(0)); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    break;
  }
  case undefined: case '--help': case '-h': case 'help':
    process.stdout.write(USAGE);
    break;
  default:
    fail(`unknown command '${command}'\n${USAGE}`);
}

/** --tls-cert, --tls-key and --tls-ca read (a bad file is one line and exit 1); null without TLS. */
function tlsOption(values: Partial<Record<string, string | boolean | string[]>>): TlsConfig | null {
  const cert = values['tls-cert'] as string | undefined;
  const key = values['tls-key'] as string | undefined;
  const ca = values['tls-ca'] as string | undefined;
  if (cert === undefined && key === undefined) {
    const needless = ['tls-ca', 'ssl-cert-login-from', 'amqps-port', 'mqtts-port', 'web-mqtts-port'].find((o) => values[o] !== undefined);
    if (needless) fail(`--${needless} needs --tls-cert and --tls-key`);
    return null;
  }
  if (cert === undefined || key === undefined) fail('--tls-cert and --tls-key go together');
  const from = values['ssl-cert-login-from'] as string | undefined;
  if (from !== undefined && ca === undefined) fail('--ssl-cert-login-from needs --tls-ca (client certificates are asked for only with a CA)');
  if (from !== undefined && !(CERT_LOGIN_FROM as readonly string[]).includes(from)) fail(`--ssl-cert-login-from must be ${CERT_LOGIN_FROM.join(' or ')}, got '${from}'`);
  try {
    return loadTls({ cert, key, ca, loginFrom: from as CertLoginFrom | undefined });
  } catch (err) {
    if (err instanceof TlsConfigError) fail(err.message);
    throw err;
  }
}

/** --mqtt-exchange X (every vhost) and --mqtt-exchange VHOST=X (one vhost), repeatable. */
function mqttExchanges(given: string[]): { exchange: string; vhostExchanges: Map<string, string> } {
  let exchange = 'amq.topic';
  const vhostExchanges = new Map<string, string>();
  for (const g of given) {
    const eq = g.indexOf('=');
    const name = eq < 0 ? g : g.slice(eq + 1);
    if (name === '') fail(`--mqtt-exchange ${g}: the exchange name is empty`);
    if (eq < 0) exchange = name;
    else vhostExchanges.set(g.slice(0, eq), name);
  }
  return { exchange, vhostExchanges };
}

