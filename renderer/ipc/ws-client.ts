// The contract over a WebSocket (the headless broker's /api/ws): requests by id, event pushes,
// and a reconnect with backoff that re-subscribes. A command sent while disconnected resolves to
// a DISCONNECTED error result.
import { fail, type ClientFrame, type CommandName, type Events, type EventName, type Req, type Res, type Result, type ServerFrame } from '../../shared/ipc/contract';
import { Emitter, type ConnectionStatus, type WarrenClient } from './client';

/** `onUnauthorized`: a connection closed before it opened (the server refuses one without a
 *  session); the page checks whether to log in again. */
export function createWebSocketClient(url: string, WebSocketImpl: typeof WebSocket = WebSocket, onUnauthorized?: () => void): WarrenClient {
  const events = new Emitter<Events>();
  const statuses = new Emitter<{ status: ConnectionStatus }>();
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let vhost: string | null = null;
  let status: ConnectionStatus = 'connecting';
  let backoff = 250;

  const setStatus = (s: ConnectionStatus): void => { status = s; statuses.emit('status', s); };
  const send = (f: ClientFrame): boolean => {
    if (!ws || ws.readyState !== WebSocketImpl.OPEN) return false;
    ws.send(JSON.stringify(f));
    return true;
  };

  function connect(): void {
    setStatus('connecting');
    const sock = new WebSocketImpl(url);
    ws = sock;
    let opened = false;
    sock.onopen = () => {
      opened = true;
      backoff = 250;
      setStatus('open');
      if (vhost !== null) send({ type: 'subscribe', vhost });
    };
    sock.onmessage = (m) => {
      let f: ServerFrame;
      try { f = JSON.parse(String(m.data)) as ServerFrame; } catch { return; }
      if (f.type === 'result') {
        const done = pending.get(f.id);
        pending.delete(f.id);
        done?.(f.result);
      } else if (f.type === 'event') {
        events.emit(f.name, f.payload as Events[EventName]);
      }
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      for (const [, done] of pending) done(fail('DISCONNECTED', 'the connection to Warren was lost'));
      pending.clear();
      setStatus('closed');
      if (!opened) onUnauthorized?.();
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }
  connect();

  return {
    kind: 'websocket',
    invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        if (!send({ type: 'command', id, name, req })) {
          pending.delete(id);
          resolve(fail('DISCONNECTED', 'not connected to Warren'));
        }
      });
    },
    subscribe(v) {
      vhost = v;
      if (v === null) send({ type: 'unsubscribe' });
      else send({ type: 'subscribe', vhost: v });
    },
    on: (name, l) => events.on(name, l),
    onStatus(l) {
      l(status);
      return statuses.on('status', l);
    },
  };
}
