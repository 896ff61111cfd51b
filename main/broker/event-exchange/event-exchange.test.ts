import { describe, expect, it } from 'vitest';
import { bind, coreBroker, declareQueue, plain, publish } from '../../test-support/core-fakes';
import { EVENT_EXCHANGE } from './event-exchange';

describe('amq.rabbitmq.event in the core', () => {
  it('subscribes to the bus only while bound, and never makes the broker follow messages', () => {
    const broker = coreBroker();
    const v = broker.vhost('/')!;
    declareQueue(v, 'events');
    expect(broker.events.active).toBe(false);
    bind(v, 'events', EVENT_EXCHANGE, 'queue.*');
    expect([broker.events.active, broker.events.watchingMessages]).toEqual([true, false]);
    const seen: string[] = [];
    const off = broker.events.subscribe((e) => seen.push(e.type), { messages: false });
    declareQueue(v, 'work');
    publish(v, '', 'work', 'hello');
    off();
    expect(seen).toEqual(['queue.declared']);
    expect(v.queue('work')!.messageCount).toBe(1);
    // only queue.created arrived: the publish was not followed
    expect(v.queue('events')!.messageCount).toBe(1);
    v.unbindQueue('events', EVENT_EXCHANGE, 'queue.*', [], null);
    expect(broker.events.active).toBe(false);
  });

  it('reports resource alarms set and cleared, as rabbit_alarm does', () => {
    const broker = coreBroker();
    const v = broker.vhost('/')!;
    declareQueue(v, 'alarms');
    bind(v, 'alarms', EVENT_EXCHANGE, 'alarm.*');
    broker.alarms.set('memory', true, 'low on memory');
    broker.alarms.set('memory', true, 'low on memory'); // still set: no second event
    broker.alarms.set('disk', true, 'low on disk');
    broker.alarms.set('memory', false, '');
    const got: string[] = [];
    for (let e = v.queue('alarms')!.get(true); e; e = v.queue('alarms')!.get(true)) got.push(`${e.message.routingKey} ${plain(e.message.properties.headers).source}`);
    expect(got).toEqual(['alarm.set memory', 'alarm.set disk', 'alarm.cleared memory']);
  });

  it('is declared in "/" only, again when "/" is made anew', () => {
    const broker = coreBroker();
    broker.addVhost('other');
    expect(broker.vhost('other')!.exchange(EVENT_EXCHANGE)).toBeUndefined();
    broker.deleteVhost('/');
    broker.addVhost('/');
    expect(broker.vhost('/')!.exchange(EVENT_EXCHANGE)?.options).toMatchObject({ durable: true, internal: true });
  });
});
