// The Electron main process: starts Warren (broker core, AMQP, MQTT and Web-MQTT listeners, durable
// data in the per-user data folder the headless broker uses too, and the browser UI server unless
// WARREN_UI_PORT=off), opens one window on the built renderer with Electron's
// security defaults on, and serves the contract over IPC with the same handlers as the WebSocket.
// One instance runs at a time (a second launch focuses the first window), with the broker's V8 flags
// (js-flags.ts). This is the only module that imports electron.
import { app, BrowserWindow, dialog, ipcMain, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, type EventName, type Events } from '../../shared/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../bridge/ui-server';
import { createLogger } from '../server/log';
import { amqpListener, mqttListener, startWarren, type RunningWarren } from '../server/warren';
import { listenerUrls } from '../broker/listener';
import { defaultDataDir } from '../store/data-dir';
import type { WindowSession } from '../bridge/window-session';
import { ProfileStore } from '../remote/profile-store';
import { windowSessions, type OpenWindow } from '../server/window-sessions';
import { SafeStorageVault } from './safe-storage-vault';
import { jsFlagsToAdd, RELAUNCHED_ENV } from './js-flags';

const log = createLogger('info');
const rendererDir = join(__dirname, '..', 'renderer');
const amqpPort = Number(process.env.WARREN_AMQP_PORT ?? 5672);
const uiPortEnv = process.env.WARREN_UI_PORT ?? '15672';
const mqttPortEnv = process.env.WARREN_MQTT_PORT ?? '1883';
const webMqttPortEnv = process.env.WARREN_WEB_MQTT_PORT ?? '15675';
/** WARREN_DATA_DIR=memory keeps nothing on disk (tests) */
const dataDirEnv = process.env.WARREN_DATA_DIR;

let warren: RunningWarren | null = null;
/** each window's session (its target: the embedded broker or a profile's RabbitMQ), by webContents id */
const windows = new Map<number, WindowSession>();
const windowWatches = new Map<number, () => void>();
let openWindow: OpenWindow | null = null;

function windowOf(wc: WebContents): WindowSession {
  let w = windows.get(wc.id);
  if (!w) {
    w = openWindow!('', `window-${wc.id}`, null);
    windows.set(wc.id, w);
    wc.once('destroyed', () => { windows.delete(wc.id); void w!.close(); });
  }
  return w;
}

function trustedSender(wc: WebContents | undefined | null): boolean {
  if (!wc) return false;
  const url = wc.getURL();
  return url.startsWith('file://') && decodeURI(new URL(url).pathname).startsWith(rendererDir.replace(/\\/g, '/'));
}

function wireIpc(): void {
  ipcMain.handle(IPC_COMMAND_CHANNEL, async (event, name: unknown, req: unknown) => {
    if (!warren || !trustedSender(event.sender)) return { ok: false, error: { code: 'ACCESS_REFUSED', message: 'untrusted sender' } };
    return windowOf(event.sender).dispatch(name, req);
  });
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (event, vhost: unknown) => {
    const wc = event.sender;
    if (!warren || !trustedSender(wc)) return;
    windowWatches.get(wc.id)?.();
    windowWatches.delete(wc.id);
    if (typeof vhost !== 'string' || vhost.length > 255) return;
    const unwatch = windowOf(wc).watch(vhost, {
      send<E extends EventName>(name: E, payload: Events[E]) {
        if (!wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, name, payload);
      },
    });
    windowWatches.set(wc.id, unwatch);
    wc.once('destroyed', () => { windowWatches.get(wc.id)?.(); windowWatches.delete(wc.id); });
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    backgroundColor: '#0e1217',
    title: 'Warren',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  // Navigation and new windows are denied; links to the web open in the user's browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(join(rendererDir, 'index.html'));
}

/** A second launch focuses the first instance's window (or opens one where all were closed). */
function focusWindow(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) { if (warren) createWindow(); return; }
  if (win.isMinimized()) win.restore();
  win.focus();
}

function run(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    // The window talks over IPC; the browser UI server runs too (same contract) unless switched off.
    const settingsDir = process.env.WARREN_SETTINGS_DIR ?? app.getPath('userData');
    const ui = uiPortEnv === 'off' ? null : { host: '127.0.0.1', port: Number(uiPortEnv), staticDir: rendererDir, settingsDir };
    const dataDir = dataDirEnv === 'memory' ? null : dataDirEnv ?? defaultDataDir();
    const listeners = [amqpListener(amqpPort)];
    if (mqttPortEnv !== 'off') listeners.push(mqttListener(Number(mqttPortEnv), {}, webMqttPortEnv === 'off' ? null : Number(webMqttPortEnv)));
    warren = await startWarren({ hosts: ['127.0.0.1'], port: amqpPort, listeners, log, dataDir, ui, settingsDir });
    // The trusted window's profiles: passwords sealed with safeStorage, never in clear text.
    openWindow = windowSessions({
      bridge: warren.bridge, version: app.getVersion(), profiles: new ProfileStore(join(settingsDir, 'profiles.json')),
      vault: new SafeStorageVault(join(settingsDir, 'profile-secrets.json')), onError: (e) => log.warn(`window session: ${String(e)}`),
    });
    process.stdout.write(`Warren ready: ${warren.listeners.map((l) => `${l.protocol} on ${listenerUrls(l).join(' and ')}`).join('; ')}\n`);
    if (warren.ui) process.stdout.write(`Warren UI: ${warren.ui.url}\n`);
    wireIpc();
    createWindow();
    app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
  }).catch((err) => {
    log.error(`Warren could not start: ${(err as Error).message}`);
    // A desktop user sees no terminal: say it in a window (a data folder in use, a port taken).
    dialog.showErrorBox('Warren could not start', (err as Error).message);
    app.exit(1);
  });

  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting || !warren) return;
    e.preventDefault();
    quitting = true;
    void warren.stop('broker shutdown').finally(() => app.quit());
  });
}

// Launched without the broker's V8 flags: start again once with them (see js-flags.ts). A second
// instance hands over to the first (its second-instance event) and quits.
const relaunchFlags = jsFlagsToAdd(app.commandLine.getSwitchValue('js-flags'));
if (relaunchFlags !== null && process.env[RELAUNCHED_ENV] !== '1') {
  process.env[RELAUNCHED_ENV] = '1';
  app.relaunch({ args: [...process.argv.slice(1), `--js-flags=${relaunchFlags}`] });
  app.exit(0);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  run();
}
