// The bridge assembled: one dispatcher (validated command handlers) and one sampler, served by
// both transports (Electron IPC in main/app, the WebSocket in ui-server.ts).
import type { Broker } from '../broker/broker';
import { refusal } from './command-access';
import type { MqttTools } from './mqtt-handlers';
import { createDispatch, createHandlers, type Dispatch } from './handlers';
import type { LayoutStore } from './layout-store';
import { PublishJobs } from './publish';
import { FlowSampler, type SamplerOptions } from './sampler';
import { TraceStore } from './trace-store';
import type { TraceSettings } from '../../shared/model/trace';
import type { Simulation } from '../simulate/simulation';
import type { SimulatedSpec } from '../../shared/model/simulate';
import type { LessonStateStore } from '../lessons/lesson-state';

export interface Bridge {
  dispatch: Dispatch;
  sampler: FlowSampler;
  /** the message trace store: listens while tracing is enabled and a UI watches */
  tracer: TraceStore;
  jobs: PublishJobs;
  /** the window's simulated clients (null: this broker runs no AMQP listener for them) */
  simulation: Simulation | null;
  /** stop repeat-publish jobs and tracing (shutdown) */
  close(): void;
}

export function createBridge(broker: Broker, layouts: LayoutStore, opts: { version?: string; sampler?: Partial<SamplerOptions>; trace?: Partial<TraceSettings>; onInternalError?: (err: unknown) => void; mqtt?: MqttTools | null; simulation?: Simulation | null; lessons?: LessonStateStore } = {}): Bridge {
  const tracer = new TraceStore(broker, opts.trace);
  // Tracing runs while anyone watches a vhost (the UI being open), if enabled.
  const sampler = new FlowSampler(broker, opts.sampler, undefined, () => tracer.retain());
  const jobs = new PublishJobs(broker, (job) => sampler.broadcast(job.vhost, 'publishJob', job));
  const simulation = opts.simulation ?? null;
  const handlers = createHandlers({ broker, version: opts.version ?? '0.0.0', layouts, publishers: (v) => sampler.publishers(v), jobs, tracer, mqtt: opts.mqtt ?? null, simulation, lessons: opts.lessons });
  const access = {
    mqttExchange: (v: string) => opts.mqtt?.exchange(v) ?? 'amq.topic',
    simulated: (id: string) => {
      const c = simulation?.info(id);
      return c && ({ kind: c.kind, spec: c.spec } as SimulatedSpec);
    },
  };
  const dispatch = createDispatch(handlers, opts.onInternalError, (name, req, who) => refusal(broker, who, name, req as never, access));
  return {
    // a handler's changes happen before its first await: the events they cause name the session's user
    dispatch: (name, req, who) => broker.events.as(who?.user ?? null, () => dispatch(name, req, who)), sampler, tracer, jobs, simulation,
    close() { jobs.stopAll(); tracer.configure({ enabled: false }); },
  };
}
