// The explorer tools' commands: routing-key debugger, connections view, message browser,
// publish form and message trace. Registered with the topology commands in handlers.ts.
import type { Commands, ConnectionDetail } from '../../shared/ipc/contract';
import type { Broker } from '../broker/broker';
import { explainRoute } from '../broker/explain/explain-route';
import type { VHost } from '../broker/vhost';
import { browse, deleteMessages, exportMessages, moveMessages } from './browse';
import { typedHeadersToTable } from './message-view';
import { NotFound } from './not-found';
import { publishOnce, type PublishJobs } from './publish';
import type { TraceStore } from './trace-store';

type Handler<K extends keyof Commands> = (req: Commands[K]['req']) => Commands[K]['res'] | Promise<Commands[K]['res']>;
export type ExplorerCommand =
  | 'explainRoute' | 'listConnections' | 'browseQueue' | 'exportMessages' | 'deleteMessages' | 'moveMessages'
  | 'publish' | 'startPublishJob' | 'cancelPublishJob' | 'getTraceStatus' | 'setTraceSettings' | 'listTraces' | 'getTrace';

export interface ExplorerDeps { broker: Broker; jobs: PublishJobs; tracer: TraceStore }

export function createExplorerHandlers({ broker, jobs, tracer }: ExplorerDeps): { [K in ExplorerCommand]: Handler<K> } {
  const vh = (name: string): VHost => {
    const v = broker.vhost(name);
    if (!v) throw new NotFound(`no vhost '${name}'`);
    return v;
  };
  return {
    explainRoute: ({ vhost, exchange, routingKey, headers, mandatory }) =>
      explainRoute(vh(vhost), { exchange, routingKey, headers: typedHeadersToTable(headers ?? []), mandatory: mandatory ?? false }),
    listConnections: ({ vhost }) => {
      vh(vhost);
      const out: ConnectionDetail[] = [];
      for (const c of broker.clients.values()) if (c.info.vhost === vhost) out.push({ ...c.info, details: c.details() });
      return out.sort((a, b) => a.connectedAt - b.connectedAt);
    },
    browseQueue: ({ vhost, queue, offset, limit, filter }) => browse(broker, vh(vhost), queue, offset, limit, filter),
    exportMessages: ({ vhost, queue, seqs }) => exportMessages(broker, vh(vhost), queue, seqs),
    deleteMessages: ({ vhost, queue, seqs }) => deleteMessages(vh(vhost), queue, seqs),
    moveMessages: ({ vhost, queue, seqs, target, copy }) => moveMessages(vh(vhost), queue, seqs, target, copy),
    publish: (r) => publishOnce(vh(r.vhost), r),
    startPublishJob: (r) => jobs.start(r),
    cancelPublishJob: ({ id }) => jobs.cancel(id),
    getTraceStatus: () => tracer.status(),
    setTraceSettings: (s) => tracer.configure(s),
    listTraces: ({ vhost, limit, search }) => tracer.list(vhost, limit, search),
    getTrace: ({ vhost, messageId }) => {
      const t = tracer.get(vhost, messageId);
      if (!t) throw new NotFound(`no trace of message ${messageId}: it was not seen while tracing was on, or its trace is older than the bound`);
      return t;
    },
  };
}
