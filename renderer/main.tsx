// Entry: choose the client (Electron's preload bridge if present, else the WebSocket of the
// headless broker that served this page, after logging in), build the store, render.
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './App';
import { currentSession, Login } from './features/login/Login';
import type { WarrenClient } from './ipc/client';
import { createElectronClient, preloadApi } from './ipc/electron-client';
import { createWebSocketClient } from './ipc/ws-client';
import { WarrenProvider } from './store/context';
import { connectStore, createWarrenStore } from './store/create-store';

const root = createRoot(document.getElementById('root')!);

function start(client: WarrenClient, target: Root): void {
  const store = createWarrenStore(client);
  connectStore(store, client);
  target.render(
    <StrictMode>
      <WarrenProvider store={store} client={client}><App /></WarrenProvider>
    </StrictMode>,
  );
}

async function boot(): Promise<void> {
  const api = preloadApi();
  if (api) return start(createElectronClient(api), root); // the desktop window is trusted
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // A WebSocket refused for want of a session (it ended, or the broker restarted): log in again.
  const onUnauthorized = (): void => { void currentSession().then((s) => { if (!s) location.reload(); }); };
  const open = (): void => start(createWebSocketClient(`${scheme}://${location.host}/api/ws`, WebSocket, onUnauthorized), root);
  if (await currentSession()) return open();
  root.render(<StrictMode><Login onLoggedIn={open} /></StrictMode>);
}

void boot();
