// RabbitMQ tutorial 3 ("Publish/Subscribe"): a fanout exchange; each subscriber binds its own
// exclusive server-named queue and receives every message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { runAmqplibExchangeTutorial, runPikaExchangeTutorial, type Received } from './tutorial-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

// Fanout ignores routing keys; vary them to show that.
const messages: Received[] = [
  { routingKey: '', body: 'log line 1' },
  { routingKey: 'ignored', body: 'log line 2' },
  { routingKey: 'info', body: 'log line 3' },
  { routingKey: '', body: 'log line 4' },
];

describe('tutorial 3: publish/subscribe over fanout', () => {
  it('pika: two subscriber processes with exclusive server-named queues both receive everything, in order', async () => {
    const got = await runPikaExchangeTutorial(broker.url, uniqueName('tut3-logs'), 'fanout', { a: [], b: [] }, messages);
    expect(got.a).toEqual(messages);
    expect(got.b).toEqual(messages);
  });

  it('amqplib: two subscribers with exclusive server-named queues both receive everything, in order', async () => {
    const got = await runAmqplibExchangeTutorial(broker.url, uniqueName('tut3-logs-js'), 'fanout', { a: [], b: [] }, messages);
    expect(got.a).toEqual(messages);
    expect(got.b).toEqual(messages);
  });
});
