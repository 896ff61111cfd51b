// A fake client for tests: an in-memory topology that answers the commands the way the broker
// would (enough for panels and store tests), records every call, and lets a test push events.
import { fail, ok, type CommandName, type Events, type Layout, type Req, type Res, type Result, type TopologySnapshot } from '../../shared/ipc/contract';
import { argumentsOf } from '../../shared/model/queue-arguments';
import { ReplyCode } from '../../shared/model/reply-codes';
import type { ExchangeInfo, QueueInfo } from '../../shared/model/topology';
import { Emitter, type WarrenClient } from './client';

export interface FakeClient extends WarrenClient {
  calls: Array<{ name: CommandName; req: unknown }>;
  snapshot: TopologySnapshot;
  layout: Layout;
  subscribedTo: string | null;
  emit<E extends keyof Events>(name: E, payload: Events[E]): void;
  /** make the next call of `name` fail with this error */
  failNext(name: CommandName, code: Parameters<typeof fail>[0], message: string): void;
  /** answer `name` with this function (the explorer tools' commands have no built-in answer) */
  respond<K extends CommandName>(name: K, fn: (req: Req<K>) => Res<K> | Result<Res<K>>): void;
}

export function emptySnapshot(vhost = '/'): TopologySnapshot {
  const x = (name: string, type: ExchangeInfo['type']): ExchangeInfo =>
    ({ vhost, name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
  return {
    vhost, vhosts: [vhost],
    exchanges: [x('', 'direct'), x('amq.direct', 'direct'), x('amq.fanout', 'fanout'), x('amq.topic', 'topic')],
    queues: [], bindings: [], connections: [], consumers: [], publishers: [],
  };
}

export function createFakeClient(initial?: Partial<TopologySnapshot>): FakeClient {
  const events = new Emitter<Events>();
  const failures = new Map<CommandName, { code: Parameters<typeof fail>[0]; message: string }>();
  const responders = new Map<CommandName, (req: never) => unknown>();
  const self: FakeClient = {
    kind: 'fake',
    calls: [],
    snapshot: { ...emptySnapshot(), ...initial },
    layout: {},
    subscribedTo: null,
    emit: (name, payload) => events.emit(name, payload),
    failNext(name, code, message) { failures.set(name, { code, message }); },
    respond(name, fn) { responders.set(name, fn as (req: never) => unknown); },
    on: (name, l) => events.on(name, l),
    onStatus(l) { l('open'); return () => {}; },
    subscribe(vhost) {
      self.subscribedTo = vhost;
      if (vhost !== null) queueMicrotask(() => events.emit('topology', structuredClone(self.snapshot)));
    },
    async invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>> {
      self.calls.push({ name, req });
      const f = failures.get(name);
      if (f) {
        failures.delete(name);
        return fail(f.code, f.message);
      }
      const r = responders.get(name);
      if (r) {
        const v = r(req as never);
        return (v && typeof v === 'object' && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean' ? v : ok(v)) as Result<Res<K>>;
      }
      return answer(self, name, req) as Result<Res<K>>;
    },
  };
  return self;
}

function answer(c: FakeClient, name: CommandName, raw: unknown): Result<unknown> {
  const s = c.snapshot;
  const changed = (): void => { queueMicrotask(() => c.emit('topology', structuredClone(s))); };
  switch (name) {
    case 'getSnapshot': return ok(structuredClone(s));
    case 'declareExchange': {
      const r = raw as Req<'declareExchange'>;
      if (r.name.startsWith('amq.')) return fail('ACCESS_REFUSED', `ACCESS_REFUSED - exchange name '${r.name}' contains reserved prefix 'amq.*'`, ReplyCode.ACCESS_REFUSED);
      const x: ExchangeInfo = { vhost: r.vhost, name: r.name, type: r.type, durable: r.durable, autoDelete: r.autoDelete, internal: r.internal,
        arguments: { ...(r.alternateExchange ? { 'alternate-exchange': r.alternateExchange } : {}), ...r.arguments } };
      const existing = s.exchanges.find((e) => e.name === r.name);
      if (existing && existing.type !== r.type) {
        return fail('PRECONDITION_FAILED', `PRECONDITION_FAILED - inequivalent arg 'type' for exchange '${r.name}' in vhost '/': received '${r.type}' but current is '${existing.type}'`, ReplyCode.PRECONDITION_FAILED);
      }
      if (!existing) s.exchanges = [...s.exchanges, x];
      changed();
      return ok(x);
    }
    case 'deleteExchange': {
      const r = raw as Req<'deleteExchange'>;
      s.exchanges = s.exchanges.filter((e) => e.name !== r.name);
      s.bindings = s.bindings.filter((b) => b.source !== r.name && !(b.destinationType === 'exchange' && b.destination === r.name));
      changed();
      return ok(null);
    }
    case 'declareQueue': {
      const r = raw as Req<'declareQueue'>;
      const args: QueueInfo['arguments'] = argumentsOf(r);
      const q: QueueInfo = { vhost: r.vhost, name: r.name || `amq.gen-${s.queues.length}`, durable: r.durable, exclusive: r.exclusive, autoDelete: r.autoDelete,
        arguments: args, ready: 0, unacked: 0, consumers: 0 };
      if (!s.queues.some((x) => x.name === q.name)) s.queues = [...s.queues, q];
      changed();
      return ok(q);
    }
    case 'deleteQueue': {
      const r = raw as Req<'deleteQueue'>;
      const q = s.queues.find((x) => x.name === r.name);
      if (!q) return fail('NOT_FOUND', `NOT_FOUND - no queue '${r.name}' in vhost '/'`, ReplyCode.NOT_FOUND);
      s.queues = s.queues.filter((x) => x !== q);
      s.bindings = s.bindings.filter((b) => !(b.destinationType === 'queue' && b.destination === r.name));
      changed();
      return ok({ messages: q.ready });
    }
    case 'purgeQueue': {
      const r = raw as Req<'purgeQueue'>;
      const q = s.queues.find((x) => x.name === r.name);
      if (!q) return fail('NOT_FOUND', `NOT_FOUND - no queue '${r.name}' in vhost '/'`, ReplyCode.NOT_FOUND);
      const n = q.ready;
      s.queues = s.queues.map((x) => (x === q ? { ...x, ready: 0 } : x));
      changed();
      return ok({ messages: n });
    }
    case 'bind': {
      const r = raw as Req<'bind'>;
      s.bindings = [...s.bindings, { vhost: r.vhost, source: r.source, destination: r.destination, destinationType: r.destinationType, routingKey: r.routingKey, arguments: r.arguments }];
      changed();
      return ok(null);
    }
    case 'unbind': {
      const r = raw as Req<'unbind'>;
      s.bindings = s.bindings.filter((b) => !(b.source === r.source && b.destination === r.destination && b.routingKey === r.routingKey));
      changed();
      return ok(null);
    }
    case 'getLayout': return ok({ ...c.layout });
    case 'saveLayout': c.layout = { ...(raw as Req<'saveLayout'>).positions }; return ok(null);
    case 'closeConnection': return ok(null);
    default: return fail('NOT_IMPLEMENTED', `the fake client has no answer for '${name}' (use respond())`);
  }
}
