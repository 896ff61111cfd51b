// The vhosts the window makes for learning: the lessons sandbox, deleted and created afresh with a
// lesson's starting topology, and the demo vhost. The users who learn there (the UI's user, and
// guest, whom step code logs in as) are given full permissions on them.
import type { ClockScale, LessonTopology } from '../../shared/model/lessons';
import type { Broker } from '../broker/broker';
import { createVhost } from '../broker/access/admin';
import { jsonToTable } from '../broker/field-json';
import type { VHost } from '../broker/vhost';

/** Declare a topology in a vhost (exchanges, then queues, then bindings). */
export function applyTopology(v: VHost, t: LessonTopology): void {
  for (const x of t.exchanges ?? []) {
    v.declareExchange({
      name: x.name, type: x.type, passive: false, durable: x.durable ?? false, autoDelete: x.autoDelete ?? false, internal: false, args: jsonToTable(x.arguments ?? {}),
    });
  }
  for (const q of t.queues ?? []) {
    v.declareQueue({ name: q.name, passive: false, durable: q.durable ?? false, exclusive: false, autoDelete: q.autoDelete ?? false, args: jsonToTable(q.arguments ?? {}) }, null);
  }
  for (const b of t.bindings ?? []) v.bindQueue(b.queue, b.exchange, b.routingKey, jsonToTable(b.arguments ?? {}), null);
}

/** Create the vhost if it is missing, and give each existing user in `learners` full permissions on it. */
export function openVhost(broker: Broker, name: string, learners: (string | null)[]): VHost {
  createVhost(broker, name, null);
  let changed = false;
  for (const user of new Set(learners)) {
    if (user === null || !broker.users.get(user) || broker.permissions.canAccessVhost(user, name)) continue;
    broker.permissions.set({ user, vhost: name, configure: '.*', write: '.*', read: '.*' });
    changed = true;
  }
  if (changed) broker.accessChanged();
  return broker.vhost(name)!;
}

/** The sandbox afresh: deleted (its connections closed, its queues gone), created with its clock
 *  at `clockScale` (before any queue, so every TTL runs at that pace), given `start`. */
export function resetSandbox(broker: Broker, name: string, start: LessonTopology, clockScale: ClockScale, learners: (string | null)[]): VHost {
  broker.deleteVhost(name);
  const v = openVhost(broker, name, learners);
  broker.setVhostClock(name, clockScale);
  applyTopology(v, start);
  return v;
}
