// The preload: exposes `window.warren`, verbs built from the contract and nothing else. Command
// and event names are checked against the contract's allowlist at runtime too, and renderer
// callbacks receive plain payloads, never the IpcRendererEvent.
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, fail, isCommandName, isEventName,
  type EventName, type Events, type PreloadApi, type Result,
} from '../../shared/ipc/contract';

const listeners = new Map<EventName, Set<(payload: never) => void>>();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  const set = listeners.get(name);
  if (set) for (const l of set) (l as (p: unknown) => void)(payload);
});

const api: PreloadApi = {
  invoke(name, req) {
    if (!isCommandName(name)) return Promise.resolve(fail('UNKNOWN_COMMAND', `unknown command '${String(name)}'`)) as never;
    return ipcRenderer.invoke(IPC_COMMAND_CHANNEL, name, req) as Promise<Result<never>>;
  },
  subscribe(vhost) {
    ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL, typeof vhost === 'string' ? vhost : null);
  },
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void) {
    if (!isEventName(name)) return () => {};
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => { set.delete(listener as (p: never) => void); };
  },
};

contextBridge.exposeInMainWorld('warren', api);
