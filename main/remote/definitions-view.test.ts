// A broker's definitions as a routing view: on random topologies the explanation over the view is
// the local broker's, once the same definitions are imported into the core (policies, alternate
// exchanges, e2e bindings and all); and the parts definitions leave implicit (the built-in
// exchanges, a whole broker's export, a plugin's exchange type) are read as RabbitMQ means them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker';
import { explainRoute, explainView } from '../broker/explain/explain-route';
import { jsonToTable } from '../broker/field-json';
import type { BindingDef, DefinitionsJson, ExchangeDef, QueueDef } from '../definitions/format';
import type { JsonTable } from '../../shared/model/topology';
import { importVhostDefinitions } from '../definitions/import';
import { formatExplanation } from '../route-command';
import { routePublish, routeTopology, topologyDefinitions } from '../test-support/route-topology';
import { definitionsView } from './definitions-view';

const queue = (name: string): QueueDef => ({ name, durable: true, auto_delete: false, arguments: {} });
const exchange = (name: string, type: string, args: JsonTable = {}): ExchangeDef[] => [{ name, type, durable: true, auto_delete: false, internal: false, arguments: args }];
const binding = (source: string, destination: string, key: string): BindingDef => ({ source, destination, destination_type: 'queue', routing_key: key, arguments: {} });

describe('definitionsView', () => {
  it('explains exactly as the local broker does with the same definitions imported', () => {
    fc.assert(fc.property(routeTopology.chain((t) => fc.tuple(fc.constant(t), routePublish(t))), ([t, p]) => {
      const defs = topologyDefinitions(t);
      const broker = new Broker();
      importVhostDefinitions(broker, '/', defs);
      const q = { exchange: p.exchange, routingKey: p.routingKey, headers: jsonToTable(p.headers) };
      expect(explainView(definitionsView(defs, '/'), q)).toEqual(explainRoute(broker.vhost('/')!, q));
    }), { numRuns: 300 });
  });

  it('the alternate exchange: the argument wins, else the highest priority policy that applies to exchanges', () => {
    const defs: DefinitionsJson = {
      policies: [
        { name: 'low', pattern: '^orders', 'apply-to': 'exchanges', priority: 1, definition: { 'alternate-exchange': 'low-ae' } },
        { name: 'high', pattern: 'ord', 'apply-to': 'all', priority: 5, definition: { 'alternate-exchange': 'high-ae' } },
        { name: 'queues-only', pattern: '.*', 'apply-to': 'queues', priority: 9, definition: { 'alternate-exchange': 'never' } },
      ],
      exchanges: [...exchange('orders', 'direct'), ...exchange('own', 'direct', { 'alternate-exchange': 'low-ae' }), ...exchange('low-ae', 'fanout'), ...exchange('high-ae', 'fanout'), ...exchange('never', 'fanout')],
      queues: [queue('low'), queue('high'), queue('never')],
      bindings: [binding('low-ae', 'low', ''), binding('high-ae', 'high', ''), binding('never', 'never', '')],
    };
    const view = definitionsView(defs, '/');
    expect(explainView(view, { exchange: 'orders', routingKey: 'k' }).queues).toEqual(['high']);
    expect(explainView(view, { exchange: 'own', routingKey: 'k' }).queues).toEqual(['low']);
    // amq.* are not exported but are there, and policies reach them too
    expect(view.exchange('amq.direct')).toMatchObject({ type: 'direct', alternateExchange: undefined });
  });

  it('adds the exchanges every vhost has, and reads one vhost out of a whole broker\'s export', () => {
    const defs: DefinitionsJson = {
      queues: [{ ...queue('logs'), vhost: 'a' }, { ...queue('logs'), vhost: 'b' }, { ...queue('other'), vhost: 'b' }],
      bindings: [{ ...binding('amq.topic', 'logs', 'app.#'), vhost: 'a' }, { ...binding('amq.topic', 'other', '#'), vhost: 'b' }],
    };
    const a = definitionsView(defs, 'a');
    expect(explainView(a, { exchange: 'amq.topic', routingKey: 'app.web' })).toMatchObject({ vhost: 'a', queues: ['logs'], outcome: 'routed' });
    expect(explainView(a, { exchange: '', routingKey: 'other' })).toMatchObject({ queues: [], outcome: 'dropped' });
    expect(explainView(definitionsView(defs, 'b'), { exchange: '', routingKey: 'other' }).queues).toEqual(['other']);
    expect(() => explainView(a, { exchange: 'nope', routingKey: '' })).toThrow("NOT_FOUND - no exchange 'nope' in vhost 'a'");
  });

  it('a plugin\'s exchange type: Warren says it cannot tell, and counts no queue through it', () => {
    const defs: DefinitionsJson = {
      exchanges: exchange('later', 'x-jms-topic', { 'alternate-exchange': 'amq.fanout' }),
      queues: [queue('q'), queue('f')],
      bindings: [binding('later', 'q', 'k'), binding('amq.fanout', 'f', '')],
    };
    const e = explainView(definitionsView(defs, '/'), { exchange: 'later', routingKey: 'k' });
    expect(e.visits).toHaveLength(1);
    expect(e.visits[0]).toMatchObject({ type: 'x-jms-topic', unexplained: expect.stringMatching(/cannot say where a 'x-jms-topic' exchange sends/) });
    expect(e.visits[0].bindings).toMatchObject([{ destination: 'q', matched: false, reason: expect.stringMatching(/^unknown/) }]);
    expect(e.queues).toEqual([]);
    expect(formatExplanation(e).split('\n').slice(0, 2)).toEqual([
      "published to x-jms-topic exchange 'later' with routing key 'k':",
      "  Warren cannot say where a 'x-jms-topic' exchange sends a message: its plugin decides, so queues it reaches are not counted",
    ]);
  });

  it('a RabbitMQ x-delayed-message exchange: held until its x-delay is up, then routed by its x-delayed-type', () => {
    const defs: DefinitionsJson = {
      exchanges: exchange('later', 'x-delayed-message', { 'x-delayed-type': 'direct' }),
      queues: [queue('q'), queue('other')],
      bindings: [binding('later', 'q', 'k'), binding('later', 'other', 'x')],
    };
    const e = explainView(definitionsView(defs, '/'), { exchange: 'later', routingKey: 'k', headers: [['x-delay', { type: 'I', value: 5000 }]] });
    expect(e.queues).toEqual(['q']);
    const lines = formatExplanation(e).split('\n');
    expect(lines[1]).toMatch(/^ {2}held \(x-delay\) until \d{4}-\d\d-\d\dT[\d:.]+Z, then routed as below to the bindings of that time$/);
    expect(lines[2]).toMatch(/^ {2}MATCH {4}queue 'q' by 'k': delayed until \S+Z, then 'k' equals 'k'$/);
    expect(lines[3]).toMatch(/^ {2}no match queue 'other' by 'x': delayed until \S+Z, then 'k' is not 'x'$/);
  });
});
