// explainRoute: a dry run of routing that says, for every binding examined, whether it matched
// and why. The walk mirrors router.ts (exchange-to-exchange hops, alternate exchanges, each
// exchange once per key); the final queue set comes from the real Router, and the property test
// (explain-route.test.ts) checks the verdicts agree with it on random topologies.
import type { FieldTable } from '../../../shared/model/amqp-values';
import type { BindingVerdict, ExchangeVisit, RouteExplanation } from '../../../shared/model/route';
import { notFound } from '../errors';
import type { Binding } from '../exchanges/binding';
import type { Exchange } from '../exchanges/exchange';
import { compareHeaders, headersMatch, xMatchOf } from '../exchanges/headers-match';
import { fieldToJson, tableToJson } from '../field-json';
import { publishRoutingKeys } from '../sender-routing-keys';
import type { VHost } from '../vhost';
import { describeTopic } from './topic-explain';

export interface RouteQuestion {
  exchange: string;
  routingKey: string;
  headers?: FieldTable;
  mandatory?: boolean;
}

export function explainRoute(vhost: VHost, q: RouteQuestion): RouteExplanation {
  const start = vhost.exchange(q.exchange);
  if (!start) throw notFound('exchange', q.exchange, vhost.name);
  const headers = q.headers ?? [];
  const keys = publishRoutingKeys(q.routingKey, { headers }) ?? [q.routingKey];
  const visits: ExchangeVisit[] = [];
  for (const key of keys) walk(vhost, start, key, headers, visits);
  const queues = vhost.dryRoute(start, q.routingKey, headers).sort();
  const mandatory = q.mandatory ?? false;
  return {
    vhost: vhost.name, exchange: q.exchange, routingKeys: keys, visits, queues, mandatory,
    outcome: queues.length > 0 ? 'routed' : mandatory ? 'returned' : 'dropped',
  };
}

function walk(vhost: VHost, start: Exchange, key: string, headers: FieldTable, visits: ExchangeVisit[]): void {
  const seen = new Set<Exchange>([start]);
  const work: Array<{ x: Exchange; via: ExchangeVisit['via'] }> = [{ x: start, via: 'published' }];
  while (work.length > 0) {
    const { x, via } = work.shift()!;
    const visit: ExchangeVisit = { exchange: x.name, type: x.type, via, routingKey: key, bindings: [] };
    visits.push(visit);
    if (x.name === '') {
      visit.bindings.push(defaultExchangeVerdict(vhost, key));
      continue;
    }
    let matched = 0;
    for (const b of x.bindings.values()) {
      const v = verdict(x, b, key, headers);
      visit.bindings.push(v);
      if (!v.matched) continue;
      matched++;
      const d = b.destination;
      if (d.kind === 'exchange' && !seen.has(d)) {
        seen.add(d);
        work.push({ x: d, via: 'exchange-binding' });
      }
    }
    const aeName = x.alternateExchange;
    const ae = matched === 0 && aeName !== undefined ? vhost.exchange(aeName) : undefined;
    if (ae && !seen.has(ae)) {
      seen.add(ae);
      visit.alternateExchange = ae.name;
      work.push({ x: ae, via: 'alternate-exchange' });
    }
  }
}

function defaultExchangeVerdict(vhost: VHost, key: string): BindingVerdict {
  const q = vhost.queue(key);
  return {
    source: '', destination: key, destinationType: 'queue', bindingKey: key, arguments: {}, matched: q !== undefined,
    reason: q ? `the default exchange delivers to the queue named '${key}'` : `no queue is named '${key}', so the default exchange has nowhere to send it`,
  };
}

function verdict(x: Exchange, b: Binding, key: string, headers: FieldTable): BindingVerdict {
  const base = { source: x.name, destination: b.destination.name, destinationType: b.destination.kind, bindingKey: b.routingKey, arguments: tableToJson(b.args) };
  switch (x.type) {
    case 'direct': {
      const matched = b.routingKey === key;
      return { ...base, matched, reason: matched ? `'${key}' equals '${b.routingKey}'` : `'${key}' is not '${b.routingKey}'` };
    }
    case 'fanout':
      return { ...base, matched: true, reason: 'a fanout exchange sends to every binding, whatever the key' };
    case 'topic':
      return { ...base, ...describeTopic(b.routingKey, key) };
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
