// The route walk: from the exchange a message was published to, through exchange-to-exchange
// bindings and alternate exchanges, to the set of queues it lands in. Each queue is reached at
// most once however many paths lead there, and cycles end because each exchange is visited once
// per routing key. Allocation-free: visits are marked with stamps, not sets. A publish (not a dry
// run) that reaches an x-delayed-message exchange with a positive x-delay stops there: the
// exchange holds it (delayed-routing.ts), as the plugin's route does wherever the exchange is.
import type { BasicProperties } from '../../shared/model/properties';
import { delayOf } from './exchanges/delayed';
import type { RouteHop } from '../../shared/model/events';
import type { Binding } from './exchanges/binding';
import type { Exchange } from './exchanges/exchange';
import type { Queue } from './queues/queue';

export interface RouteScope {
  exchange(name: string): Exchange | undefined;
  queue(name: string): Queue | undefined;
}

export class Router {
  private stamp = 0;
  private readonly matched: Binding[] = [];
  private readonly work: Exchange[] = [];
  /** x-recent-history exchanges the walks since begin() went through: the publish that asked
   *  keeps its message in each (takeHistories); a dry run drops them at its next begin(). */
  private readonly histories: Exchange[] = [];
  /** x-delayed-message exchanges the walks since begin() stopped at: each holds the message */
  private readonly delayers: Exchange[] = [];

  constructor(private readonly scope: RouteScope) {}

  /** A new publish: queues collected by the following route() calls are deduplicated together. */
  begin(): number {
    this.histories.length = 0;
    this.delayers.length = 0;
    return ++this.stamp;
  }

  /** The delayed exchanges the last publish stopped at, each once; the list is reused. */
  takeDelayers(): readonly Exchange[] {
    return this.delayers;
  }

  /** The recent-history exchanges the last publish went through, each once; the list is reused. */
  takeHistories(): readonly Exchange[] {
    return this.histories;
  }

  /** Collect the queues `routingKey` reaches from `start` into `out` (deduped against `publish`).
   *  `holding`: a real publish, which delayed exchanges on the way hold; a dry run passes them. */
  route(start: Exchange, routingKey: string, props: BasicProperties | undefined, out: Queue[], publish: number, hops: RouteHop[] | null, holding = false): void {
    const walk = ++this.stamp;
    let delay = -1; // read from the headers only when a delayed exchange is reached
    const work = this.work;
    start.stamp = walk;
    work.push(start);
    while (work.length > 0) {
      const x = work.pop()!;
      if (x.name === '') {
        // The default exchange: every queue is bound by its own name.
        const q = this.scope.queue(routingKey);
        if (q && q.stamp !== publish) {
          q.stamp = publish;
          out.push(q);
          hops?.push({ source: '', destination: q.name, destinationType: 'queue', routingKey });
        }
        continue;
      }
      if (x.history !== null && !this.histories.includes(x)) this.histories.push(x);
      if (holding && x.delayed !== null) {
        if (delay < 0) delay = delayOf(props?.headers);
        if (delay > 0) {
          if (!this.delayers.includes(x)) this.delayers.push(x);
          continue;
        }
      }
      const matched = this.matched;
      const from = matched.length;
      x.matcher.match(routingKey, props, matched, walk);
      const count = matched.length - from;
      for (let i = from; i < matched.length; i++) {
        const b = matched[i];
        const d = b.destination;
        if (hops) hops.push({ source: x.name, destination: d.name, destinationType: d.kind, routingKey: b.routingKey });
        if (d.kind === 'queue') {
          if (d.stamp !== publish) { d.stamp = publish; out.push(d); }
        } else if (d.stamp !== walk) {
          d.stamp = walk;
          work.push(d);
        }
      }
      matched.length = from;
      if (count === 0) {
        // Nothing matched here: the alternate exchange gets the message (RabbitMQ's per-exchange rule).
        const aeName = x.alternateExchange;
        const ae = aeName === undefined ? undefined : this.scope.exchange(aeName);
        if (ae && ae.stamp !== walk) {
          ae.stamp = walk;
          hops?.push({ source: x.name, destination: ae.name, destinationType: 'exchange', routingKey: '(alternate-exchange)' });
          work.push(ae);
        }
      }
    }
  }
}
