import { describe, expect, it } from 'vitest';
import { checkTopicFilter, checkTopicName, topicMatches, toRoutingKey, toTopic, TopicError } from './mqtt-topics';

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

describe('topicMatches', () => {
  it('matches levels, + and # as MQTT does, and keeps $ topics from first-level wildcards', () => {
    const cases: Array<[string, string, boolean]> = [
      ['a/b', 'a/b', true], ['a/+', 'a/b', true], ['a/+', 'a/b/c', false], ['a/#', 'a', true], ['a/#', 'a/b/c', true],
      ['#', 'x/y', true], ['+/+', '/x', true], ['#', '$SYS/x', false], ['$SYS/#', '$SYS/x', true], ['a/b', 'a/b/c', false],
    ];
    for (const [filter, topic, expected] of cases) expect(topicMatches(filter, topic), `${filter} ~ ${topic}`).toBe(expected);
  });
});
