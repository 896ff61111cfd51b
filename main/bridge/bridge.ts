// The bridge assembled: one dispatcher (validated command handlers) and one sampler, served by
// both transports (Electron IPC in main/app, the WebSocket in ui-server.ts).
import type { Broker } from '../broker/broker';
import { createDispatch, createHandlers, type Dispatch } from './handlers';
import type { LayoutStore } from './layout-store';
import { FlowSampler, type SamplerOptions } from './sampler';

export interface Bridge {
  dispatch: Dispatch;
  sampler: FlowSampler;
}

export function createBridge(broker: Broker, layouts: LayoutStore, opts: { sampler?: Partial<SamplerOptions>; onInternalError?: (err: unknown) => void } = {}): Bridge {
  const sampler = new FlowSampler(broker, opts.sampler);
  const handlers = createHandlers({ broker, layouts, publishers: (v) => sampler.publishers(v) });
  return { dispatch: createDispatch(handlers, opts.onInternalError), sampler };
}
