// explainRoute: a dry run of routing that says, for every binding examined, whether it matched
// and why. The walk mirrors router.ts (exchange-to-exchange hops, alternate exchanges, each
// exchange once per key) over a RoutingView. On the local broker the final queue set comes from
// the real Router, and the property test (explain-route.test.ts) checks the verdicts agree with it
// on random topologies; on a remote broker's definitions (explainView) the walk's verdicts are the
// queue set, and main/integration/remote-route.test.ts checks them against a real RabbitMQ.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { BindingVerdict, ExchangeVisit, RouteExplanation } from '../../../shared/model/route';
import type { ExchangeType } from '../../../shared/model/topology';
import { notFound } from '../errors';
import { isExchangeType } from '../exchanges/exchange';
import { compareHeaders, headersMatch, xMatchOf } from '../exchanges/headers-match';
import { fieldToJson, tableToJson } from '../field-json';
import { publishRoutingKeys } from '../sender-routing-keys';
import type { VHost } from '../vhost';
import type { BindingView, ExchangeView, RoutingView } from './routing-view';
import { describeTopic } from './topic-explain';
import { isPluginType, pluginVerdicts } from './plugin-explain';
import { DELAYED_TYPE, delayOf } from '../exchanges/delayed';
import { asString, tableGet } from '../field-values';

export interface RouteQuestion {
  exchange: string;
  routingKey: string;
  headers?: FieldTable;
  mandatory?: boolean;
}

/** The local broker: the queues are the real Router's. */
export function explainRoute(vhost: VHost, q: RouteQuestion): RouteExplanation {
  return explain(vhost, q, (headers) => vhost.dryRoute(vhost.exchange(q.exchange)!, q.routingKey, headers));
}

/** Any other view (a remote broker's definitions): the queues are those the verdicts reach. */
export function explainView(view: RoutingView, q: RouteQuestion): RouteExplanation {
  return explain(view, q, null);
}

function explain(view: RoutingView, q: RouteQuestion, route: ((headers: FieldTable) => string[]) | null): RouteExplanation {
  const start = view.exchange(q.exchange);
  if (!start) throw notFound('exchange', q.exchange, view.name);
  const headers = q.headers ?? [];
  const keys = publishRoutingKeys(q.routingKey, { headers }) ?? [q.routingKey];
  const visits: ExchangeVisit[] = [];
  for (const key of keys) walk(view, start, key, headers, visits);
  // x-random's pick is drawn again by each routing pass: the queues are those of the verdicts' draw
  const drawn = visits.some((v) => v.type === 'x-random');
  const queues = (route && !drawn ? route(headers) : reachedQueues(view, visits)).sort();
  const mandatory = q.mandatory ?? false;
  return {
    vhost: view.name, exchange: q.exchange, routingKeys: keys, visits, queues, mandatory,
    outcome: queues.length > 0 ? 'routed' : mandatory ? 'returned' : 'dropped',
  };
}

function reachedQueues(view: RoutingView, visits: ExchangeVisit[]): string[] {
  const out = new Set<string>();
  for (const v of visits) for (const b of v.bindings) if (b.matched && b.destinationType === 'queue' && view.queue(b.destination)) out.add(b.destination);
  return [...out];
}

function walk(view: RoutingView, start: ExchangeView, key: string, headers: FieldTable, visits: ExchangeVisit[]): void {
  // by name: a view may hand out a fresh object per lookup
  const seen = new Set<string>([start.name]);
  // `delayed`: the message got here through a delayed exchange that held it, and left it with its
  // x-delay turned negative, so no delayed exchange further on holds it again
  const work: Array<{ x: ExchangeView; via: ExchangeVisit['via']; delayed: boolean }> = [{ x: start, via: 'published', delayed: false }];
  while (work.length > 0) {
    const { x, via, delayed } = work.shift()!;
    const visit: ExchangeVisit = { exchange: x.name, type: x.type, via, routingKey: key, bindings: [] };
    visits.push(visit);
    if (x.name === '') {
      visit.bindings.push(defaultExchangeVerdict(view, key));
      continue;
    }
    // an x-delayed-message exchange routes by its x-delayed-type, when the message is due: wherever
    // it is on the way, as the plugin's route holds a message
    const type = delayedTypeOfView(x) ?? x.type;
    const held = delayed ? null : delayedUntil(x, headers, view.clockScale ?? 1);
    const when = held === null ? '' : `delayed until ${held}, then `;
    if (held !== null) visit.delayedUntil = held;
    if (isPluginType(type)) {
      const verdicts = pluginVerdicts(type, x, key, headers);
      let i = 0;
      for (const b of x.bindings.values()) {
        const v = { ...bindingBase(x, b), ...verdicts[i++] };
        v.reason = when + v.reason;
        visit.bindings.push(v);
        if (v.matched) follow(b, delayed || held !== null);
      }
      if (!verdicts.some((v) => v.matched)) takeAlternate(x);
      continue;
    }
    if (!isExchangeType(type) || type === DELAYED_TYPE) {
      // A plugin's type Warren does not have routes by rules of its own.
      visit.unexplained = `Warren cannot say where a '${type}' exchange sends a message: its plugin decides, so queues it reaches are not counted`;
      for (const b of x.bindings.values()) visit.bindings.push({ ...bindingBase(x, b), matched: false, reason: `unknown: a '${type}' exchange matches by its plugin's rules` });
      continue;
    }
    let matched = 0;
    for (const b of x.bindings.values()) {
      const v = verdict(x, type, b, key, headers);
      v.reason = when + v.reason;
      visit.bindings.push(v);
      if (!v.matched) continue;
      matched++;
      follow(b, delayed || held !== null);
    }
    if (matched === 0) takeAlternate(x);

    function takeAlternate(from: ExchangeView): void {
      const aeName = from.alternateExchange;
      const ae = aeName !== undefined ? view.exchange(aeName) : undefined;
      if (ae && !seen.has(ae.name)) {
        seen.add(ae.name);
        visit.alternateExchange = ae.name;
        work.push({ x: ae, via: 'alternate-exchange', delayed: delayed || held !== null });
      }
    }
  }

  function follow(b: BindingView, delayed: boolean): void {
    const d = b.destination;
    const next = d.kind === 'exchange' && !seen.has(d.name) ? view.exchange(d.name) : undefined;
    if (next) {
      seen.add(next.name);
      work.push({ x: next, via: 'exchange-binding', delayed });
    }
  }
}

function defaultExchangeVerdict(view: RoutingView, key: string): BindingVerdict {
  const q = view.queue(key);
  return {
    source: '', destination: key, destinationType: 'queue', bindingKey: key, arguments: {}, matched: q !== undefined,
    reason: q ? `the default exchange delivers to the queue named '${key}'` : `no queue is named '${key}', so the default exchange has nowhere to send it`,
  };
}

function verdict(x: ExchangeView, type: ExchangeType, b: BindingView, key: string, headers: FieldTable): BindingVerdict {
  const base = bindingBase(x, b);
  switch (type) {
    case 'direct': {
      const matched = b.routingKey === key;
      return { ...base, matched, reason: matched ? `'${key}' equals '${b.routingKey}'` : `'${key}' is not '${b.routingKey}'` };
    }
    case 'fanout':
      return { ...base, matched: true, reason: 'a fanout exchange sends to every binding, whatever the key' };
    case 'topic':
      return { ...base, ...describeTopic(b.routingKey, key) };
    case 'x-consistent-hash': case 'x-random': case 'x-recent-history': case 'x-modulus-hash':
      throw new Error(`${type} is explained by plugin-explain.ts`);
    case 'x-delayed-message':
      throw new Error('an x-delayed-message exchange is explained by its x-delayed-type');
    case 'headers': {
      const mode = xMatchOf(b.args) ?? 'all';
      const compared = compareHeaders(b.args, headers, mode).map((c) => ({
        name: c.name, expected: fieldToJson(c.expected), actual: c.actual === undefined ? null : fieldToJson(c.actual), matched: c.matched,
      }));
      const matched = headersMatch(b.args, headers, mode);
      const hits = compared.filter((c) => c.matched).length;
      const reason = compared.length === 0
        ? (matched ? `x-match ${mode} with no headers to compare matches everything` : `x-match ${mode} with no headers to compare matches nothing`)
        : `x-match ${mode}: ${hits} of ${compared.length} header${compared.length === 1 ? '' : 's'} matched`;
      return { ...base, matched, reason, xMatch: mode, headers: compared };
    }
  }
}

function bindingBase(x: ExchangeView, b: BindingView): Omit<BindingVerdict, 'matched' | 'reason'> {
  return { source: x.name, destination: b.destination.name, destinationType: b.destination.kind, bindingKey: b.routingKey, arguments: tableToJson(b.args) };
}

/** An x-delayed-message exchange's x-delayed-type (undefined for other types, or none given). */
function delayedTypeOfView(x: ExchangeView): string | undefined {
  return x.type === DELAYED_TYPE ? asString(tableGet(x.options?.args, 'x-delayed-type')) : undefined;
}

/** When a message published now with these headers leaves a delayed exchange (ISO); null if it
 *  routes at once. */
function delayedUntil(x: ExchangeView, headers: FieldTable, clockScale: number): string | null {
  const delay = x.type === DELAYED_TYPE ? delayOf(headers) : 0;
  return delay > 0 ? new Date(Date.now() + delay / clockScale).toISOString() : null;
}
