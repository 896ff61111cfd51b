// The publish form in main: one message, or a repeat job at a chosen rate for a chosen count
// (cancellable, progress pushed to the UI a few times a second). Messages are published by the
// broker itself (no connection), exactly as a client's would be routed.
import type { PublishJob, PublishOutcome, PublishRequest } from '../../shared/model/messages';
import type { Broker } from '../broker/broker';
import { Message } from '../broker/message';
import type { VHost } from '../broker/vhost';
import { delayOf } from '../broker/exchanges/delayed';
import { jsonToProperties, typedHeadersToTable } from './message-view';

import { NotFound as NoVhost } from './not-found';

export function messageFor(r: PublishRequest, now: number): Message {
  const body = r.bodyEncoding === 'base64' ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8');
  const props = jsonToProperties(r.properties, typedHeadersToTable(r.headers));
  const m = new Message(r.exchange, r.routingKey, props, null, body, body.length, now);
  return m;
}

export function publishOnce(v: VHost, r: PublishRequest): PublishOutcome {
  const x = v.publishTarget(r.exchange); // 404 missing, 403 internal
  const queues = v.dryRoute(x, r.routingKey, typedHeadersToTable(r.headers)).sort();
  const m = messageFor(r, Date.now());
  const delay = x.delayed !== null ? delayOf(m.properties.headers) : 0;
  const res = v.publish(x, m, r.mandatory, null);
  if (delay > 0) return { outcome: 'delayed', routed: 0, queues, messageId: m.id, dueAt: m.publishedAt + delay };
  const routed = res.routed;
  const outcome: PublishOutcome['outcome'] = routed > 0 ? 'routed' : res.rejected ? 'rejected' : queues.length > 0 ? 'rejected' : r.mandatory ? 'returned' : 'dropped';
  return { outcome, routed, queues, messageId: m.id };
}

/** ms between job ticks; each tick publishes what the rate says is due */
const TICK_MS = 20;
const PROGRESS_MS = 250;

export class PublishJobs {
  private nextId = 1;
  private readonly jobs = new Map<number, { job: PublishJob; timer: NodeJS.Timeout | null }>();

  constructor(private readonly broker: Broker, private readonly report: (job: PublishJob) => void) {}

  start(r: PublishRequest & { rate: number; count: number }): PublishJob {
    const v = this.broker.vhost(r.vhost);
    if (!v) throw new NoVhost(`no vhost '${r.vhost}'`);
    v.publishTarget(r.exchange); // fail now, not in the first tick
    const job: PublishJob = {
      id: this.nextId++, vhost: r.vhost, exchange: r.exchange, routingKey: r.routingKey, rate: r.rate, count: r.count,
      sent: 0, routed: 0, unroutable: 0, rejected: 0, state: 'running',
    };
    const started = Date.now();
    let lastReport = 0;
    const tick = (): void => {
      const now = Date.now();
      const due = Math.min(r.count, Math.floor(((now - started) / 1000) * r.rate) + 1);
      try {
        const vh = this.broker.vhost(r.vhost);
        if (!vh) throw new Error(`vhost '${r.vhost}' was deleted`);
        const x = vh.publishTarget(r.exchange);
        while (job.sent < due) {
          const res = vh.publish(x, messageFor(r, now), r.mandatory, null);
          job.sent++;
          if (res.routed > 0) job.routed++;
          else if (res.rejected) job.rejected++;
          else job.unroutable++;
        }
      } catch (err) {
        job.state = 'failed';
        job.error = (err as Error).message;
      }
      if (job.sent >= r.count && job.state === 'running') job.state = 'done';
      if (job.state !== 'running') this.finish(job.id);
      else if (now - lastReport >= PROGRESS_MS) { lastReport = now; this.report({ ...job }); }
    };
    const timer = setInterval(tick, TICK_MS);
    timer.unref?.();
    this.jobs.set(job.id, { job, timer });
    tick();
    return { ...job };
  }

  cancel(id: number): PublishJob {
    const j = this.jobs.get(id);
    if (!j) throw new NoVhost(`no publish job ${id}`);
    if (j.job.state === 'running') j.job.state = 'cancelled';
    this.finish(id);
    return { ...j.job };
  }

  private finish(id: number): void {
    const j = this.jobs.get(id);
    if (!j || !j.timer) return;
    clearInterval(j.timer);
    j.timer = null;
    this.report({ ...j.job });
    // keep finished jobs briefly for cancel() answers; forget old ones
    if (this.jobs.size > 50) for (const [k, v] of this.jobs) if (!v.timer) { this.jobs.delete(k); if (this.jobs.size <= 50) break; }
  }

  stopAll(): void { for (const id of this.jobs.keys()) this.cancel(id); }
}

