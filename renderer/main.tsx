// Entry: choose the client (Electron's preload bridge if present, else the WebSocket of the
// headless broker that served this page), build the store, render.
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { WarrenClient } from './ipc/client';
import { createElectronClient, preloadApi } from './ipc/electron-client';
import { createWebSocketClient } from './ipc/ws-client';
import { WarrenProvider } from './store/context';
import { connectStore, createWarrenStore } from './store/create-store';

function pickClient(): WarrenClient {
  const api = preloadApi();
  if (api) return createElectronClient(api);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketClient(`${scheme}://${location.host}/api/ws`);
}

const client = pickClient();
const store = createWarrenStore(client);
connectStore(store, client);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WarrenProvider store={store} client={client}><App /></WarrenProvider>
  </StrictMode>,
);
