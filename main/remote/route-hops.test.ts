import { describe, expect, it } from 'vitest';
import type { TopologySnapshot } from '../../shared/ipc/contract';
import type { BindingInfo, ExchangeInfo } from '../../shared/model/topology';
import { hopsTo } from './route-hops';

const x = (name: string, args = {}, policyAe?: string): ExchangeInfo => ({
  vhost: '/', name, type: 'direct', durable: true, autoDelete: false, internal: false, arguments: args,
  ...(policyAe ? { policy: { name: 'p', operator: null, definition: { 'alternate-exchange': policyAe } } } : {}),
});
const b = (source: string, destination: string, destinationType: 'queue' | 'exchange' = 'queue'): BindingInfo => ({ vhost: '/', source, destination, destinationType, routingKey: 'k', arguments: {} });
const snap = (exchanges: ExchangeInfo[], bindings: BindingInfo[]): TopologySnapshot =>
  ({ vhost: '/', vhosts: ['/'], exchanges, queues: [], bindings, connections: [], consumers: [], publishers: [] });

describe('hopsTo', () => {
  const s = snap([x('orders', { 'alternate-exchange': 'lost' }), x('audit'), x('lost'), x('shop', {}, 'lost')],
    [b('orders', 'eu'), b('orders', 'audit', 'exchange'), b('audit', 'audit.log'), b('lost', 'unrouted'), b('audit', 'eu')]);

  it('follows exchange-to-exchange bindings to each queue, by the shortest way', () => {
    expect(hopsTo(s, 'orders', ['eu', 'audit.log'])).toEqual([['orders', 'eu', 'queue'], ['audit', 'audit.log', 'queue'], ['orders', 'audit', 'exchange']]);
  });

  it('goes through an alternate exchange, set by argument or by policy', () => {
    expect(hopsTo(s, 'orders', ['unrouted'])).toEqual([['lost', 'unrouted', 'queue'], ['orders', 'lost', 'exchange']]);
    expect(hopsTo(s, 'shop', ['unrouted'])).toEqual([['lost', 'unrouted', 'queue'], ['shop', 'lost', 'exchange']]);
  });

  it('says nothing when a queue cannot be reached (the caller draws it straight), and knows the default exchange', () => {
    expect(hopsTo(s, 'orders', ['elsewhere'])).toBeNull();
    expect(hopsTo(null, 'orders', ['eu'])).toBeNull();
    expect(hopsTo(s, '', ['eu'])).toEqual([['', 'eu', 'queue']]);
  });
});
