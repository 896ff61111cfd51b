import { describe, expect, it } from 'vitest';
import { parseShovel, validateShovel } from './definition';

const ok = () => null;
const base = { 'src-uri': 'amqp://', 'src-queue': 'a', 'dest-uri': 'amqp://' };

describe('shovel definitions', () => {
  it('accepts RabbitMQ\'s keys, legacy ones included', () => {
    expect(validateShovel('s', { ...base, 'dest-queue': 'b', 'ack-mode': 'on-publish', 'src-delete-after': 'queue-length', 'reconnect-delay': 2.5, 'src-prefetch-count': 10, 'dest-publish-properties': { delivery_mode: 2, app_id: 'x' }, 'add-forward-headers': true, 'delete-after': 3 }, ok)).toEqual([]);
    expect(validateShovel('s', { ...base, 'src-uri': ['amqp://', 'amqps://u:p@h:5671/v'], 'src-queue': undefined, 'src-exchange': 'x', 'src-exchange-key': '#' }, ok)).toEqual([]);
  });

  it('words each error as RabbitMQ does, in its order', () => {
    expect(validateShovel('s', { 'src-uri': 'amqp://' }, ok)).toEqual(["Must specify 'src-exchange' or 'src-queue'", 'Key "dest-uri" not found in s']);
    expect(validateShovel('s', { ...base, 'src-delete-after': -1 }, ok)).toEqual(['src-delete-after should be a number greater than or equal to 0, "never" or "queue-length", actually was -1']);
    expect(validateShovel('s', { ...base, 'dest-queue': 'q'.repeat(256) }, ok)).toEqual(['dest-queue should be less than 255 bytes, actually was 256']);
    expect(validateShovel('s', { ...base, 'src-protocol': 'amqp10' }, ok)).toEqual(["src-protocol amqp10 is not supported by Warren's shovels, only amqp091"]);
    expect(validateShovel('s', 'x', ok)).toEqual(['s not a list <<"x">>']);
    expect(validateShovel('s', { ...base, 'dest-uri': 'amqp:///v' }, (v) => (v === 'v' ? `user "u" may not connect to vhost "${v}"` : null))).toEqual(['user "u" may not connect to vhost "v"']);
  });

  it('reads a definition with RabbitMQ\'s defaults', () => {
    expect(parseShovel({ ...base, 'dest-exchange': 'x' })).toEqual({
      srcUris: ['amqp://'], srcQueue: 'a', srcExchange: null, srcExchangeKey: '', prefetch: 1000, deleteAfter: 'never',
      destUris: ['amqp://'], destQueue: null, destExchange: 'x', destExchangeKey: null, addForwardHeaders: false, addTimestampHeader: false,
      publishProperties: {}, ackMode: 'on-confirm', reconnectDelay: 5,
    });
    expect(parseShovel({ ...base, 'prefetch-count': 5, 'delete-after': 7, 'add-timestamp-header': true, 'publish-properties': { priority: 1 } }))
      .toMatchObject({ prefetch: 5, deleteAfter: 7, addTimestampHeader: true, publishProperties: { priority: 1 } });
  });
});
