import { describe, expect, it } from 'vitest';
import type { QueueInfo } from '../../../shared/model/topology';
import { queueBadges } from './badges';

const queue = (args: QueueInfo['arguments']): QueueInfo =>
  ({ vhost: '/', name: 'q', durable: true, exclusive: false, autoDelete: false, arguments: args, ready: 0, unacked: 0, consumers: 0 });

describe('queue badges, from the queue argument table', () => {
  it('shows each argument with its unit, and nothing for defaults', () => {
    const texts = queueBadges(queue({
      'x-queue-type': 'quorum', 'x-message-ttl': 60000, 'x-dead-letter-exchange': '', 'x-max-length-bytes': 1024,
      'x-overflow': 'reject-publish', 'x-single-active-consumer': true, 'x-unknown': 1,
    })).map((b) => b.text);
    expect(texts).toEqual(['D', 'quorum', 'TTL 1m', 'DLX (default)', 'max 1024B', 'reject-publish', 'SAC']);
    expect(queueBadges(queue({ 'x-queue-type': 'classic', 'x-overflow': 'drop-head', 'x-single-active-consumer': false })).map((b) => b.text)).toEqual(['D']);
  });

  it("titles a badge with the argument's name and meaning", () => {
    expect(queueBadges(queue({ 'x-expires': 1500 }))[1]).toEqual({ text: 'exp 1500ms', title: 'x-expires: the queue is deleted after this long unused', tone: undefined });
  });
});
