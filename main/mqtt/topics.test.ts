import { describe, expect, it } from 'vitest';
import { checkTopicFilter, checkTopicName, toRoutingKey, toTopic, TopicError } from './topics';

describe('MQTT topics', () => {
  it('translates as RabbitMQ does, both ways', () => {
    expect(toRoutingKey('sensors/room.1/+/#')).toBe('sensors.room/1.*.#');
    expect(toTopic('sensors.room/1.*.#')).toBe('sensors/room.1/+/#');
    expect(toTopic(toRoutingKey('a/b.c/d'))).toBe('a/b.c/d');
  });

  it('refuses wildcards in topic names and misplaced ones in filters', () => {
    expect(() => checkTopicName('a/+')).toThrow(TopicError);
    expect(() => checkTopicName('')).toThrow(TopicError);
    expect(() => checkTopicName('a/b')).not.toThrow();
    for (const bad of ['a/#/b', 'a#', 'a/b+', '', 'x\u0000']) expect(() => checkTopicFilter(bad), bad).toThrow(TopicError);
    for (const good of ['#', '+', 'a/+/c', 'a/#', '/']) expect(() => checkTopicFilter(good), good).not.toThrow();
  });
});
