// RabbitMQ tutorial 4 ("Routing"): a direct exchange, log severities as routing keys; each consumer
// receives exactly the severities it bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { runAmqplibExchangeTutorial, runPikaExchangeTutorial, type Received } from './tutorial-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

const consumers = {
  errorsOnly: ['error'],
  everything: ['info', 'warning', 'error'],
  debug: ['debug'],
};
const messages: Received[] = [
  { routingKey: 'info', body: 'i1' },
  { routingKey: 'error', body: 'e1' },
  { routingKey: 'warning', body: 'w1' },
  { routingKey: 'critical', body: 'c1' }, // bound by nobody: dropped
  { routingKey: 'error', body: 'e2' },
  { routingKey: 'Error', body: 'E3' }, // routing keys are case-sensitive
  { routingKey: 'info', body: 'i2' },
];
const expected = (keys: string[]) => messages.filter((m) => keys.includes(m.routingKey));

describe('tutorial 4: routing over a direct exchange', () => {
  it('pika: each consumer process receives only the severities it bound', async () => {
    const got = await runPikaExchangeTutorial(broker.url, uniqueName('tut4-direct'), 'direct', consumers, messages);
    expect(got.errorsOnly).toEqual(expected(['error']));
    expect(got.everything).toEqual(expected(['info', 'warning', 'error']));
    expect(got.debug).toEqual([]);
  });

  it('amqplib: each consumer receives only the severities it bound', async () => {
    const got = await runAmqplibExchangeTutorial(broker.url, uniqueName('tut4-direct-js'), 'direct', consumers, messages);
    expect(got.errorsOnly).toEqual(expected(['error']));
    expect(got.everything).toEqual(expected(['info', 'warning', 'error']));
    expect(got.debug).toEqual([]);
  });
});
