import { describe, expect, it } from 'vitest';
import { generateCode } from './codegen';
import { java, python, shell } from './literals';
import { topologyOf, type VhostDefinitions } from './topology';

const defs: VhostDefinitions = {
  exchanges: [
    { name: 'amq.topic', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'shop', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'ae' } },
    { name: 'ae', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'delay', type: 'x-delayed-message', durable: true, auto_delete: false, internal: true, arguments: { 'x-delayed-type': 'direct' } },
  ],
  queues: [
    { name: 'orders', durable: true, auto_delete: false, arguments: { 'x-message-ttl': 60000, 'x-max-length-bytes': 5_000_000_000 } },
    { name: 'amq.gen-abc', durable: false, auto_delete: true, arguments: {} },
  ],
  bindings: [
    { source: 'shop', destination: 'orders', destination_type: 'queue', routing_key: 'order.*', arguments: {} },
    { source: 'amq.topic', destination: 'orders', destination_type: 'queue', routing_key: 'x', arguments: {} },
    { source: 'shop', destination: 'ae', destination_type: 'exchange', routing_key: '#', arguments: { 'x-match': 'any' } },
    { source: '', destination: 'orders', destination_type: 'queue', routing_key: 'orders', arguments: {} },
  ],
  policies: [{ name: 'ttl', pattern: '^orders$', 'apply-to': 'queues', priority: 1, definition: { 'message-ttl': 1000 } }],
};

describe('the topology code is written from', () => {
  it('leaves out predeclared exchanges, server-named queues and default-exchange bindings, and says so', () => {
    const t = topologyOf(defs);
    expect(t.exchanges.map((x) => x.name)).toEqual(['shop', 'ae', 'delay']);
    expect(t.queues.map((q) => q.name)).toEqual(['orders']);
    expect(t.skipped).toEqual(["queue 'amq.gen-abc': names starting amq. are the server's to give"]);
    // exchange-to-exchange first; amq.topic exists everywhere so its binding stays
    expect(t.bindings.map((b) => `${b.source}->${b.destination}`)).toEqual(['shop->ae', 'shop->orders', 'amq.topic->orders']);
  });

  it('a selection keeps only the bindings between what is picked, and no policies', () => {
    const t = topologyOf(defs, { exchanges: ['shop'], queues: ['orders'] });
    expect(t.exchanges.map((x) => x.name)).toEqual(['shop']);
    expect(t.bindings.map((b) => `${b.source}->${b.destination}`)).toEqual(['shop->orders', 'amq.topic->orders']);
    expect(t.policies).toEqual([]);
  });
});

describe('literals', () => {
  it('writes Python, Java and shell values', () => {
    expect(python({ a: [true, null, 1.5, 'x"y'] })).toBe('{"a": [True, None, 1.5, "x\\"y"]}');
    expect(java(5_000_000_000)).toBe('5000000000L');
    expect(java(2.5)).toBe('2.5d');
    expect(java(['a', 1])).toBe('List.of("a", 1)');
    expect(shell("it's")).toBe(`'it'\\''s'`);
  });
});

describe('generated code', () => {
  it('Spring AMQP: a Declarables bean with builders, custom types and bindings', () => {
    const code = generateCode('spring', defs, { vhost: '/' });
    expect(code).toContain('Exchange exchangeShop = ExchangeBuilder.topicExchange("shop").durable(true).withArguments(Map.<String, Object>ofEntries(Map.entry("alternate-exchange", "ae"))).build();');
    expect(code).toContain('Exchange exchangeDelay = new ExchangeBuilder("delay", "x-delayed-message").durable(true).internal()');
    expect(code).toContain('Queue queueOrders = QueueBuilder.durable("orders").withArguments(Map.<String, Object>ofEntries(Map.entry("x-max-length-bytes", 5000000000L), Map.entry("x-message-ttl", 60000))).build();');
    expect(code).toContain('new Binding("orders", Binding.DestinationType.QUEUE, "shop", "order.*", Map.of())');
    expect(code).toContain('new Binding("ae", Binding.DestinationType.EXCHANGE, "shop", "#", Map.<String, Object>ofEntries(Map.entry("x-match", "any")))');
    expect(code).toMatch(/return new Declarables\(\n {8}exchangeShop,\n {8}exchangeAe,/);
  });

  it('Spring identifiers stay unique when names differ only in punctuation', () => {
    const code = generateCode('spring', { queues: [
      { name: 'a.b', durable: true, auto_delete: false, arguments: {} },
      { name: 'a-b', durable: true, auto_delete: false, arguments: {} },
    ] }, { vhost: '/' });
    expect(code).toContain('Queue queueAB = ');
    expect(code).toContain('Queue queueAB2 = ');
  });

  it('definitions keep the policies; rabbitmqadmin declares them', () => {
    const json = JSON.parse(generateCode('definitions', defs, { vhost: '/' }));
    expect(json.policies).toEqual([{ name: 'ttl', pattern: '^orders$', 'apply-to': 'queues', priority: 1, definition: { 'message-ttl': 1000 } }]);
    expect(json.exchanges.map((x: { name: string }) => x.name)).toEqual(['shop', 'ae', 'delay']);
    const sh = generateCode('rabbitmqadmin', defs, { vhost: "o'brien" });
    expect(sh).toContain(`VHOST=\${VHOST:-'o'\\''brien'}`);
    expect(sh).toContain(`$ADMIN --vhost="$VHOST" declare policy name='ttl' pattern='^orders$' apply-to=queues priority=1 definition='{"message-ttl":1000}'`);
  });

  it('the header comment names the source and what was left out', () => {
    const code = generateCode('pika', defs, { vhost: 'shop', source: 'http://127.0.0.1:15672' });
    expect(code.split('\n').slice(0, 3)).toEqual([
      '# The topology of vhost "shop" on http://127.0.0.1:15672, generated by Warren.',
      '# 3 exchange(s), 1 queue(s), 3 binding(s).',
      "# left out: queue 'amq.gen-abc': names starting amq. are the server's to give",
    ]);
  });
});
