// `warren connect URL`: the window on a RabbitMQ (or another Warren) that this process does not
// run. It serves the UI with no broker of its own; the one profile is the URL's, and logging in to
// the UI takes the same user and password as the URL (the UI acts as that user on the broker).
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startUiServer, type RunningUiServer } from './bridge/ui-server';
import type { UiAccess } from './bridge/ui-login';
import { UiSessions } from './bridge/ui-sessions';
import { parseBasic } from './broker/access/management-tags';
import { ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';
import { ProfileStore, SessionVault, type PasswordVault } from './remote/profile-store';
import { windowSessions } from './server/window-sessions';
import pkg from '../package.json';

export const CONNECT_USAGE = `usage: warren connect URL [--ui-port N] [--amqp URL] [--vhost V] [--read-only] [--ca FILE]

  Serves Warren's window on a RabbitMQ that runs elsewhere (a single node or a cluster), through
  its management HTTP API, without starting a broker here. URL is the management API with the user
  to act as: http://user:pass@host:15672 (https:// for TLS). Log in to the window with that same
  user and password.

  --ui-port N    port of the browser UI (default 15672; 0 picks a free port)
  --amqp URL     AMQP address for moving dead letters and the firehose, e.g. amqp://host:5672
                 (default: the AMQP listener the broker lists, on the management host; the
                 URL's user)
  --vhost V      the vhost the window opens on (default /)
  --read-only    refuse every change to that broker
  --ca FILE      a CA certificate (PEM) to trust for https, besides the system's
`;

interface Io { out(s: string): void; fail(msg: string): never; staticDir: string | undefined }

export async function connectCommand(argv: string[], io: Io): Promise<RunningUiServer> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        'ui-port': { type: 'string', default: '15672' }, amqp: { type: 'string' }, vhost: { type: 'string', default: '/' },
        'read-only': { type: 'boolean', default: false }, ca: { type: 'string' },
      },
    }));
  } catch (err) {
    io.fail(`${(err as Error).message}\n${CONNECT_USAGE}`);
  }
  if (positionals.length !== 1) io.fail(`give one management URL\n${CONNECT_USAGE}`);
  const port = Number(values['ui-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) io.fail(`--ui-port must be a number from 0 to 65535, got '${values['ui-port']}'`);
  let caPem: string | null = null;
  if (values.ca !== undefined) {
    if (!existsSync(values.ca)) io.fail(`--ca ${values.ca}: no such file`);
    caPem = readFileSync(values.ca, 'utf8');
  }
  let amqpUrl: string | null = null;
  if (values.amqp !== undefined) {
    try { const u = new URL(values.amqp); if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') throw new Error(); u.username = ''; u.password = ''; amqpUrl = u.toString(); }
    catch { io.fail(`--amqp must be an amqp:// or amqps:// URL, got '${values.amqp}'`); }
  }

  let target;
  try { target = targetFromUrl(positionals[0], { caPem }); } catch (err) { io.fail((err as Error).message); }
  // Say at once when the broker cannot be reached or refuses the user, rather than in the window.
  const client = new ManagementClient(target);
  let overview: { product_name?: string; product_version?: string; rabbitmq_version?: string; cluster_name?: string };
  try { overview = await client.get('/api/overview'); } catch (err) {
    io.fail(err instanceof RemoteError ? err.message : String(err));
  } finally { client.close(); }

  const profiles = new ProfileStore(null);
  const profile = profiles.save('', {
    name: client.base.host, managementUrl: client.base.toString().replace(/\/$/, ''), user: target.user, amqpUrl,
    defaultVhost: values.vhost!, readOnly: values['read-only']!, caPem,
  });
  const access = urlUserAccess(target.user, target.password);
  const sessionVault = new SessionVault();
  access.sessions.onEnd((t) => sessionVault.forget(t));
  // the URL's password serves every login session; passwords of profiles added in the window do not
  const vault: PasswordVault = {
    get: (scope, id) => (id === profile.id ? target.password : sessionVault.get(scope, id)),
    set: (scope, id, pw) => { if (id !== profile.id) sessionVault.set(scope, id, pw); },
    delete: (scope, id) => sessionVault.delete(scope, id),
  };
  const openWindow = windowSessions({ bridge: null, version: pkg.version, profiles, vault, initial: profile.id });
  const ui = await startUiServer({
    host: '127.0.0.1', port, staticDir: io.staticDir ?? 'dist/renderer', access,
    openWindow: (who, scope) => openWindow('', scope, who),
  });
  const product = `${overview.product_name ?? 'RabbitMQ'} ${overview.product_version ?? overview.rabbitmq_version ?? ''}`.trim();
  io.out(`Warren UI on ${product} at ${client.base.host}${overview.cluster_name ? ` (cluster ${overview.cluster_name})` : ''}: ${ui.url}\n`);
  io.out(`Log in as '${target.user}' with the URL's password. No broker runs here.\n`);
  return ui;
}

/** The window's login under `warren connect`: the URL's user and password, nobody else. */
function urlUserAccess(user: string, password: string): UiAccess {
  const same = (a: string, b: string): boolean => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const login: UiAccess['login'] = (u, p) => (same(u, user) && same(p, password)
    ? { ok: true, principal: { user }, tags: ['administrator'], waitMs: 0 }
    : { ok: false, reason: 'Login failed', waitMs: 0 });
  return {
    sessions: new UiSessions(),
    login,
    basic(header) {
      const c = parseBasic(header);
      const r = c ? login(c.user, c.password, { address: '', port: 0, loopback: true }) : null;
      return { principal: r?.ok ? r.principal : null, waitMs: 0 };
    },
    // the remote broker says what the user is; the window asks it (whoAmI)
    tagsOf: () => [],
    maySeeVhost: () => true,
  };
}
