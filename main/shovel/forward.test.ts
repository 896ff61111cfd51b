import { describe, expect, it } from 'vitest';
import { parseShovel } from './definition';
import { propertiesFn, routeOf } from './forward';

const ctx = { vhost: '/', name: 's', node: 'warren@h', srcUri: 'amqp://', destUri: 'amqp://h' };

describe('what a shovel publishes', () => {
  it('routes to dest-queue, else dest-exchange and key, else the message\'s own', () => {
    expect(routeOf(parseShovel({ 'src-queue': 'a', 'dest-queue': 'q' }), 'x', 'k')).toEqual({ exchange: '', routingKey: 'q' });
    expect(routeOf(parseShovel({ 'src-queue': 'a', 'dest-exchange': 'e' }), 'x', 'k')).toEqual({ exchange: 'e', routingKey: 'k' });
    expect(routeOf(parseShovel({ 'src-queue': 'a', 'dest-exchange-key': 'r' }), 'x', 'k')).toEqual({ exchange: 'x', routingKey: 'r' });
  });

  it('keeps the properties as they are unless told otherwise', () => {
    expect(propertiesFn(parseShovel({ 'src-queue': 'a' }), ctx)).toBeNull();
  });

  it('sets dest-publish-properties and prepends RabbitMQ\'s x-shovelled table', () => {
    const fn = propertiesFn(parseShovel({ 'src-queue': 'a', 'dest-queue': 'q', 'dest-add-forward-headers': true, 'dest-publish-properties': { delivery_mode: 2, app_id: 'mover' } }), ctx)!;
    const earlier = { 'shovel-name': 'before' };
    const out = fn({ contentType: 'text/plain', headers: { h: 1, 'x-shovelled': [earlier] } });
    expect(out).toMatchObject({ contentType: 'text/plain', deliveryMode: 2, appId: 'mover' });
    expect(out.headers).toEqual({
      h: 1,
      'x-shovelled': [{ 'shovelled-by': 'warren@h', 'shovel-type': 'dynamic', 'shovel-name': 's', 'shovel-vhost': '/', 'src-uri': 'amqp://', 'dest-uri': 'amqp://h', 'src-queue': 'a', 'dest-queue': 'q' }, earlier],
    });
  });

  it('adds x-shovelled-timestamp as a long of seconds', () => {
    const out = propertiesFn(parseShovel({ 'src-queue': 'a', 'dest-add-timestamp-header': true }), ctx)!({});
    const ts = out.headers!['x-shovelled-timestamp'] as bigint;
    expect(typeof ts).toBe('bigint');
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
  });
});
