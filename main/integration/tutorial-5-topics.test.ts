// RabbitMQ tutorial 5 ("Topics"): binding patterns with * (exactly one word) and # (zero or more words).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { runAmqplibExchangeTutorial, runPikaExchangeTutorial, type Received } from './tutorial-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

const consumers = {
  orange: ['*.orange.*'],
  rabbitsAndLazy: ['*.*.rabbit', 'lazy.#'],
  foxes: ['#.fox', 'quick.*'],
  all: ['#'],
};
const keys = [
  'quick.orange.rabbit', // orange, rabbitsAndLazy
  'lazy.orange.elephant', // orange, rabbitsAndLazy
  'quick.orange.fox', // orange, foxes
  'lazy.brown.fox', // rabbitsAndLazy, foxes
  'lazy.pink.rabbit', // matches both rabbitsAndLazy patterns: delivered once
  'quick.brown.fox', // foxes
  'quick.orange.male.rabbit', // nobody but all (four words)
  'orange', // nobody but all
  'lazy', // rabbitsAndLazy: # matches zero words
  'fox', // foxes: #.fox matches "fox"
  'quick.brown', // foxes via quick.*
  'quick', // nobody but all: quick.* needs a second word
  'lazy.orange.male.rabbit', // rabbitsAndLazy via lazy.#
  'a.orange.b.c', // nobody but all
];
const messages: Received[] = keys.map((k, i) => ({ routingKey: k, body: `m${i}` }));
const pick = (...ks: string[]) => messages.filter((m) => ks.includes(m.routingKey));
const expectations = {
  orange: pick('quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.fox'),
  rabbitsAndLazy: pick('quick.orange.rabbit', 'lazy.orange.elephant', 'lazy.brown.fox', 'lazy.pink.rabbit', 'lazy',
    'lazy.orange.male.rabbit'),
  foxes: pick('quick.orange.fox', 'lazy.brown.fox', 'quick.brown.fox', 'fox', 'quick.brown'),
  all: messages,
};

describe('tutorial 5: topics', () => {
  it('pika: each consumer process receives exactly the messages its patterns match', async () => {
    const got = await runPikaExchangeTutorial(broker.url, uniqueName('tut5-topic'), 'topic', consumers, messages);
    expect(got).toEqual(expectations);
  });

  it('amqplib: each consumer receives exactly the messages its patterns match', async () => {
    const got = await runAmqplibExchangeTutorial(broker.url, uniqueName('tut5-topic-js'), 'topic', consumers, messages);
    expect(got).toEqual(expectations);
  });
});
