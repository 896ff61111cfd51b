import { describe, expect, it } from 'vitest';
import type { BasicProperties } from '../../shared/model/amqp-values';
import { jsonToProperties, propertiesToJson } from './message-view';

describe('message properties as JSON', () => {
  const amqp: BasicProperties = {
    contentType: 'application/json', contentEncoding: 'gzip', headers: [['h', { type: 'l', value: 1n }]], deliveryMode: 2,
    priority: 7, correlationId: 'c', replyTo: 'r', expiration: '60000', messageId: 'm', timestamp: 1700000000n,
    type: 't', userId: 'guest', appId: 'a', clusterId: 'k',
  };

  it('gives every property but the headers, timestamps as seconds', () => {
    expect(propertiesToJson(amqp)).toEqual({
      contentType: 'application/json', contentEncoding: 'gzip', deliveryMode: 2, priority: 7, correlationId: 'c', replyTo: 'r',
      expiration: '60000', messageId: 'm', timestamp: 1700000000, type: 't', userId: 'guest', appId: 'a', clusterId: 'k',
    });
  });

  it('turns the JSON back into the same properties; empty strings are unset', () => {
    expect(jsonToProperties(propertiesToJson(amqp), amqp.headers)).toEqual(amqp);
    expect(jsonToProperties({ contentType: '', expiration: '', priority: 0 }, [])).toEqual({ priority: 0 });
  });
});
