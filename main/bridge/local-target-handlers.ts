// The commands that exist for remote targets, as the embedded broker answers them: it is one
// node, it traces messages itself (no firehose), and profiles are the window session's business
// (window-session.ts answers them before a target's handlers are asked).
import type { CommandName, Req, Res } from '../../shared/ipc/contract';
import type { FieldValue } from '../../shared/model/amqp-values';
import type { ClusterNode, DeadLetterReturn } from '../../shared/model/remote';
import type { Broker } from '../broker/broker';
import { notFound } from '../broker/errors';
import { asString, tableGet } from '../broker/field-values';
import type { Message } from '../broker/message';
import type { VHost } from '../broker/vhost';
import { moveMessages } from './browse';
import { NotFound } from './not-found';
import { InvalidInput } from './invalid-input';
import { notHere, SESSION_COMMANDS } from './not-here';

type Some<K extends CommandName> = { [P in K]: (req: Req<P>) => Res<P> | Promise<Res<P>> };


export function createLocalTargetHandlers(broker: Broker, nodes?: () => ClusterNode[]): Some<
  'listProfiles' | 'saveProfile' | 'deleteProfile' | 'useProfile' | 'getTarget' | 'diffDefinitions' | 'importFromProfile'
  | 'listNodes' | 'getFirehose' | 'setFirehose' | 'returnDeadLetters' | 'listDelayed'
> {
  return {
    ...SESSION_COMMANDS,
    listNodes: () => nodes?.() ?? [{
      name: 'warren', running: true, type: 'disc', memUsed: process.memoryUsage.rss(), memLimit: 0, memAlarm: broker.alarms.isSet('memory'),
      diskFree: 0, diskFreeLimit: 0, diskAlarm: broker.alarms.isSet('disk'), uptime: Math.round(process.uptime() * 1000),
    }],
    getFirehose: ({ vhost }) => ({
      vhost, on: false, ours: false, available: false,
      reason: 'the embedded broker traces every message itself: the Trace tool shows them without a firehose',
    }),
    setFirehose: () => notHere('the embedded broker has no firehose: it traces messages itself (the Trace tool)'),
    returnDeadLetters: ({ vhost, queue, max }) => {
      const v = broker.vhost(vhost);
      if (!v) throw new NotFound(`no vhost '${vhost}'`);
      return returnDeadLetters(v, queue, max);
    },
    listDelayed: ({ vhost, exchange, limit }) => {
      const v = broker.vhost(vhost);
      if (!v) throw new NotFound(`no vhost '${vhost}'`);
      const x = v.exchange(exchange);
      if (!x) throw notFound('exchange', exchange, vhost);
      if (!x.delayed) throw new InvalidInput(`exchange '${exchange}' is of type '${x.type}': only an x-delayed-message exchange holds messages`);
      const messages = x.delayed.first(limit).map((e) => ({ id: e.message.id, due: e.due, routingKey: e.message.routingKey, size: e.message.bodySize }));
      return { exchange, count: x.delayed.size, messages, listed: true };
    },
  };
}

/** Where a dead letter was first published: its oldest x-death record (the last; the newest is first). */
export function firstDeathOf(m: Message): { exchange: string; routingKey: string } | null {
  const deaths = tableGet(m.properties.headers, 'x-death');
  if (!deaths || deaths.type !== 'A' || deaths.value.length === 0) return null;
  const oldest = deaths.value[deaths.value.length - 1];
  if (oldest.type !== 'F') return null;
  const exchange = asString(tableGet(oldest.value, 'exchange'));
  const keys = tableGet(oldest.value, 'routing-keys');
  const key: FieldValue | undefined = keys?.type === 'A' ? keys.value[0] : undefined;
  const routingKey = asString(key);
  return exchange === undefined || routingKey === undefined ? null : { exchange, routingKey };
}

/**
 * The embedded broker's returnDeadLetters: the first `max` ready messages of the queue that have a
 * first death, whose exchange is still there and would route them somewhere, are moved there (the
 * message browser's move, which keeps each message's lineage, so its trace follows it home); the
 * rest stay where they are. One turn of the event loop: nothing can be lost in between.
 */
export function returnDeadLetters(v: VHost, name: string, max: number): DeadLetterReturn {
  const q = v.queue(name);
  if (!q) throw notFound('queue', name, v.name);
  const groups = new Map<string, { exchange: string; routingKey: string; seqs: number[] }>();
  let skipped = 0;
  let seen = 0;
  for (const e of q.messages) {
    if (seen++ >= max) break;
    const home = firstDeathOf(e.message);
    const x = home ? v.exchange(home.exchange) : undefined;
    if (!home || !x || x.options.internal || v.dryRoute(x, home.routingKey, e.message.properties.headers ?? []).length === 0) { skipped++; continue; }
    const k = `${home.exchange}\0${home.routingKey}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ...home, seqs: [] }));
    g.seqs.push(e.seq);
  }
  let moved = 0;
  for (const g of groups.values()) {
    const r = moveMessages(v, name, g.seqs, { kind: 'exchange', name: g.exchange, routingKey: g.routingKey }, false);
    moved += r.moved;
  }
  return { moved, skipped, failed: 0 };
}
