// The window's contract over the UI server's WebSocket, driven from a test as the browser UI
// drives it: log in (the session cookie), then commands by id and the event streams of a vhost.
import WebSocket from 'ws';
import type { CommandName, EventName, Result } from '../../shared/ipc/contract';

export interface WindowClient {
  invoke<T = unknown>(name: CommandName, req: unknown): Promise<Result<T>>;
  /** invoke, and the value, or throw with the error's code and message */
  value<T = unknown>(name: CommandName, req: unknown): Promise<T>;
  subscribe(vhost: string): void;
  /** every event received so far, oldest first */
  readonly events: Array<{ name: EventName; payload: unknown }>;
  /** the login session's cookie (name=value) */
  readonly cookie: string;
  close(): Promise<void>;
}

/** POST /api/ui/login on `uiUrl` (http://host:port/); the session cookie, or the refusal's status. */
export async function loginUi(uiUrl: string, user: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const r = await fetch(new URL('/api/ui/login', uiUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  await r.text();
  const set = r.headers.get('set-cookie');
  return { status: r.status, cookie: set ? set.split(';')[0] : null };
}

export async function openWindowClient(uiUrl: string, user: string, password: string): Promise<WindowClient> {
  const { status, cookie } = await loginUi(uiUrl, user, password);
  if (status !== 200 || !cookie) throw new Error(`logging in to ${uiUrl} as ${user} gave HTTP ${status}`);
  const ws = new WebSocket(new URL('/api/ws', uiUrl.replace(/^http/, 'ws')), { headers: { cookie } });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const events: WindowClient['events'] = [];
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { type: string; id?: number; result?: Result<unknown>; name?: EventName; payload?: unknown };
    if (f.type === 'result') { pending.get(f.id!)?.(f.result!); pending.delete(f.id!); } else if (f.type === 'event') events.push({ name: f.name!, payload: f.payload });
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let id = 0;
  const invoke = <T>(name: CommandName, req: unknown): Promise<Result<T>> => new Promise((resolve) => {
    const n = ++id;
    pending.set(n, resolve as (r: Result<unknown>) => void);
    ws.send(JSON.stringify({ type: 'command', id: n, name, req }));
  });
  return {
    invoke,
    async value<T>(name: CommandName, req: unknown): Promise<T> {
      const r = await invoke<T>(name, req);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    subscribe: (vhost) => ws.send(JSON.stringify({ type: 'subscribe', vhost })),
    events,
    cookie,
    close: () => new Promise<void>((resolve) => { if (ws.readyState === ws.CLOSED) resolve(); else { ws.once('close', () => resolve()); ws.close(); } }),
  };
}
