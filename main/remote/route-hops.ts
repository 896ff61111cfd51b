// The hops a traced publish took: RabbitMQ's firehose names only the queues a message reached, so
// the window finds the way there through the bindings it last polled (exchange-to-exchange bindings
// and alternate exchanges included), and the markers follow the same edges as on the embedded broker.
import type { TopologySnapshot } from '../../shared/ipc/contract';
import type { RouteHop } from './firehose';

type Links = Map<string, Array<{ to: string; type: 'queue' | 'exchange' }>>;

/** Where each exchange leads (bindings, alternate exchanges), once per polled picture: the firehose
 *  asks for every traced publish, and the picture changes only every few seconds. */
const linksOf = new WeakMap<TopologySnapshot, Links>();

function links(s: TopologySnapshot): Links {
  let out = linksOf.get(s);
  if (out) return out;
  out = new Map();
  const link = (from: string, to: string, type: 'queue' | 'exchange'): void => {
    let l = out!.get(from);
    if (!l) out!.set(from, (l = []));
    l.push({ to, type });
  };
  for (const b of s.bindings) link(b.source, b.destination, b.destinationType);
  for (const x of s.exchanges) {
    const ae = x.arguments['alternate-exchange'] ?? x.policy?.definition['alternate-exchange'];
    if (typeof ae === 'string') link(x.name, ae, 'exchange');
  }
  linksOf.set(s, out);
  return out;
}

/** Each queue's shortest way from `exchange`, as hops; null when some queue cannot be reached. */
export function hopsTo(s: TopologySnapshot | null, exchange: string, queues: readonly string[]): RouteHop[] | null {
  if (!s) return null;
  const out = links(s);
  // breadth-first from the exchange: the first way found to each node is a shortest one
  const cameFrom = new Map<string, RouteHop>();
  const seen = new Set([`x:${exchange}`]);
  const work = [exchange];
  while (work.length > 0) {
    const x = work.shift()!;
    for (const { to, type } of out.get(x) ?? []) {
      const id = `${type === 'queue' ? 'q' : 'x'}:${to}`;
      if (seen.has(id)) continue;
      seen.add(id);
      cameFrom.set(id, [x, to, type]);
      if (type === 'exchange') work.push(to);
    }
  }
  const hops = new Map<string, RouteHop>();
  for (const q of queues) {
    let id = `q:${q}`;
    if (exchange === '' && !cameFrom.has(id)) { hops.set(id, ['', q, 'queue']); continue; } // the default exchange
    for (let hop = cameFrom.get(id); hop; hop = cameFrom.get(id)) {
      hops.set(id, hop);
      if (hop[0] === exchange) break;
      id = `x:${hop[0]}`;
    }
    if (!hops.has(`q:${q}`)) return null;
  }
  return [...hops.values()];
}
