// RabbitMQ tutorial 1 ("Hello World"): one producer, one consumer, a named queue, the default exchange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

describe('tutorial 1: hello world', () => {
  it('pika: a producer and a consumer process exchange one message over a named queue', async () => {
    const queue = uniqueName('tut1-hello');
    const body = `Hello World! ${queue}`;
    // Both declare the queue, so either may start first.
    const consumer = startPython('tutorial_hello_recv.py', [broker.url, queue]);
    const producer = startPython('tutorial_hello_send.py', [broker.url, queue, body]);
    const [sent, received] = [events(await producer.done, 'producer'), events(await consumer.done, 'consumer')];
    expect(sent).toEqual([{ event: 'sent', body }]);
    expect(received.filter((e) => e.event === 'received')).toEqual([
      { event: 'received', body, routing_key: queue, redelivered: false },
    ]);
  });

  it('amqplib: sendToQueue and consume on a named queue', async () => {
    const queue = uniqueName('tut1-hello-js');
    const consumerConn = await amqp.connect(broker.url);
    const producerConn = await amqp.connect(broker.url);
    try {
      const rx = await consumerConn.createChannel();
      await rx.assertQueue(queue, { durable: false });
      const got = new Promise<amqp.ConsumeMessage>((resolve) => {
        void rx.consume(queue, (msg) => { if (msg) resolve(msg); }, { noAck: true });
      });
      const tx = await producerConn.createChannel();
      await tx.assertQueue(queue, { durable: false });
      tx.sendToQueue(queue, Buffer.from('Hello World!'));
      const msg = await got;
      expect(msg.content.toString()).toBe('Hello World!');
      expect(msg.fields.exchange).toBe('');
      expect(msg.fields.routingKey).toBe(queue);
      expect(msg.fields.redelivered).toBe(false);
      await rx.deleteQueue(queue);
    } finally {
      await producerConn.close();
      await consumerConn.close();
    }
  });
});
