import { describe, expect, it } from 'vitest';
import { Binding } from '../broker/exchanges/binding';
import { VHost } from '../broker/vhost';
import { EventBus } from '../broker/events';
import { bindingArgs, fromBinding, SubscriptionTable, type Subscription } from './subscriptions';
import { toRoutingKey } from '../../shared/model/mqtt-topics';

describe('subscriptions on bindings', () => {
  it('reads back from its binding what a subscription was, plain ones without arguments', () => {
    const v = new VHost('/', new EventBus());
    const q = v.declareQueue({ name: 'q', passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    const x = v.exchange('amq.topic')!;
    const full: Subscription = { filter: 'a/+/c', qos: 2, identifier: 42, noLocal: true, retainAsPublished: true };
    const plain: Subscription = { filter: 'a/#', qos: 1, identifier: 0, noLocal: false, retainAsPublished: false };
    expect(bindingArgs(plain)).toEqual([]);
    for (const s of [full, plain]) expect(fromBinding(new Binding(x, q, toRoutingKey(s.filter), bindingArgs(s)), 1)).toEqual(s);
  });

  it('looks subscriptions up per delivery only once one has options', () => {
    const t = new SubscriptionTable();
    t.set({ filter: 'a/+', qos: 1, identifier: 0, noLocal: false, retainAsPublished: false });
    expect(t.matching('a/b', 1)).toBeNull();
    t.set({ filter: 'a/#', qos: 2, identifier: 7, noLocal: false, retainAsPublished: false });
    expect(t.matching('a/b', 1)?.map((s) => s.filter)).toEqual(['a/+', 'a/#']);
    expect(t.matching('b', 1)).toEqual([]);
  });
});
