// Trace messages as RabbitMQ 3.10 sends them (headers as @cloudamqp/amqp-client decodes them).
import { describe, expect, it } from 'vitest';
import { correlationKey, readTraceMessage } from './firehose-message';

const body = (s: string): Uint8Array => new TextEncoder().encode(s);
const publishHeaders = {
  exchange_name: 'orders', routing_keys: ['order.eu.1'], properties: { message_id: 'm1', headers: { h: 1 } }, node: 'rabbit@a',
  vhost: '/', connection: '127.0.0.1:34612 -> 127.0.0.1:5672', channel: 1, user: 'guest', routed_queues: ['eu', 'all'],
};

describe('readTraceMessage', () => {
  it('reads a publish: exchange, keys, the queues reached, the connection, the size', () => {
    expect(readTraceMessage('publish.orders', publishHeaders, body('hello'))).toEqual({
      kind: 'publish', exchange: 'orders', routingKeys: ['order.eu.1'], queues: ['eu', 'all'], conn: '127.0.0.1:34612 -> 127.0.0.1:5672', size: 5,
      key: correlationKey('orders', ['order.eu.1'], { message_id: 'm1' }, null),
    });
  });

  it('reads an unroutable publish (routed_queues empty) and one to the default exchange', () => {
    expect(readTraceMessage('publish.', { ...publishHeaders, exchange_name: '', routed_queues: [] }, null)).toMatchObject({ kind: 'publish', exchange: '', queues: [], size: 0 });
  });

  it('reads a delivery: the queue from the routing key (dots and all), redelivered as 0 or 1', () => {
    const { routed_queues: _, ...h } = publishHeaders;
    expect(readTraceMessage('deliver.eu.orders', { ...h, redelivered: 1 }, body('hello'))).toMatchObject({ kind: 'deliver', queue: 'eu.orders', exchange: 'orders', redelivered: true });
    expect(readTraceMessage('deliver.q', { ...h, redelivered: 0 }, null)).toMatchObject({ redelivered: false });
  });

  it('ignores what is not a trace message', () => {
    expect(readTraceMessage('publish.x', undefined, null)).toBeNull();
    expect(readTraceMessage('publish.x', { other: 1 }, null)).toBeNull();
    expect(readTraceMessage('something.else', publishHeaders, null)).toBeNull();
  });
});

describe('correlationKey', () => {
  it('is the message id when there is one, whatever the body', () => {
    expect(correlationKey('x', ['k'], { message_id: 'm' }, body('a'))).toBe(correlationKey('x', ['other'], { message_id: 'm' }, body('b')));
  });

  it('otherwise tells bodies, keys and exchanges apart', () => {
    const k = correlationKey('x', ['k'], {}, body('a'));
    expect(correlationKey('x', ['k'], {}, body('a'))).toBe(k);
    expect(correlationKey('x', ['k'], {}, body('b'))).not.toBe(k);
    expect(correlationKey('x', ['j'], {}, body('a'))).not.toBe(k);
    expect(correlationKey('y', ['k'], {}, body('a'))).not.toBe(k);
    expect(correlationKey('x', ['k'], { message_id: 'a' }, body('a'))).not.toBe(k);
  });
});
