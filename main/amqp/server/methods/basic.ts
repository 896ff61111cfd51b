// basic.* methods: qos, consume/cancel, publish, get, ack/nack/reject, recover.
import { ChannelError, ConnectionError, Reply } from '../../../broker/errors';
import { asNumber, tableGet } from '../../../broker/field-values';
import { generatedConsumerTag } from '../../../broker/names';
import { REPLY_TO } from '../../../broker/reply-to';
import type { Channel } from '../channel';
import { AmqpConsumer } from '../consumer';
import type { Handlers } from './handler';

export const basicMethods: Handlers = {
  'basic.qos': (ch, a) => {
    // RabbitMQ implements prefetch_count only.
    if (a.prefetchSize !== 0) throw new ConnectionError(Reply.NOT_IMPLEMENTED, `prefetch_size!=0 (${a.prefetchSize})`);
    if (a.global) ch.channelPrefetch = a.prefetchCount;
    else ch.consumerPrefetch = a.prefetchCount;
    ch.send('basic.qos-ok', {});
    ch.kickConsumers();
  },

  'basic.consume': (ch, a) => {
    if (a.queue === REPLY_TO) {
      const tag = a.consumerTag === '' ? generatedConsumerTag() : a.consumerTag;
      ch.consumeReplyTo(tag, a.noAck);
      if (!a.nowait) ch.send('basic.consume-ok', { consumerTag: tag });
      return;
    }
    const queue = ch.vhost.usableQueue(ch.queueName(a.queue), ch.client);
    const tag = a.consumerTag === '' ? generatedConsumerTag() : a.consumerTag;
    if (ch.consumers.has(tag)) throw new ConnectionError(Reply.NOT_ALLOWED, `attempt to reuse consumer tag '${tag}'`);
    if (queue.consumers.some((c) => c.exclusive) || (a.exclusive && queue.consumerCount > 0)) {
      throw new ChannelError(Reply.ACCESS_REFUSED, `queue '${queue.name}' in vhost '${queue.vhost}' in exclusive use`);
    }
    const priority = asNumber(tableGet(a.arguments, 'x-priority')) ?? 0;
    const consumer = new AmqpConsumer(ch, queue, tag, a.noAck, a.exclusive, priority, ch.consumerPrefetch);
    ch.consumers.set(tag, consumer);
    // consume-ok goes out before the first delivery, which addConsumer may make at once.
    if (!a.nowait) ch.send('basic.consume-ok', { consumerTag: tag });
    if (ch.host.events.active) {
      ch.host.events.emit({
        type: 'consumer.added',
        consumer: { vhost: queue.vhost, queue: queue.name, tag, connectionId: ch.client.info.id, channel: ch.id, noAck: a.noAck, exclusive: a.exclusive, prefetch: ch.consumerPrefetch },
      });
    }
    queue.addConsumer(consumer);
  },

  'basic.cancel': (ch, a) => {
    if (ch.replyConsumer?.tag === a.consumerTag) ch.cancelReplyTo();
    const c = ch.consumers.get(a.consumerTag);
    if (c) {
      ch.consumers.delete(a.consumerTag);
      c.queue.removeConsumer(c);
      ch.emitConsumerRemoved(c);
    }
    // RabbitMQ answers cancel-ok even for an unknown tag.
    if (!a.nowait) ch.send('basic.cancel-ok', { consumerTag: a.consumerTag });
  },

  'basic.publish': (ch, a) => ch.beginPublish(a),

  'basic.get': (ch, a) => {
    const queue = ch.vhost.usableQueue(ch.queueName(a.queue), ch.client);
    queue.touch();
    const entry = queue.get(a.noAck);
    if (!entry) ch.send('basic.get-empty', {});
    else ch.deliverGot(entry, a.noAck, queue.messageCount);
  },

  'basic.ack': (ch, a) => settle(ch, a.deliveryTag, a.multiple, 'ack', 'ack'),
  'basic.reject': (ch, a) => settle(ch, a.deliveryTag, false, a.requeue ? 'requeue' : 'reject', 'reject'),
  'basic.nack': (ch, a) => settle(ch, a.deliveryTag, a.multiple, a.requeue ? 'requeue' : 'reject', 'nack'),

  'basic.recover': (ch, a) => {
    recover(ch, a.requeue);
    ch.send('basic.recover-ok', {});
  },
  'basic.recover-async': (ch, a) => recover(ch, a.requeue),
};

function settle(ch: Channel, deliveryTag: number, multiple: boolean, outcome: 'ack' | 'requeue' | 'reject', method: 'ack' | 'reject' | 'nack'): void {
  if (ch.tx) {
    // In a transaction the tag is checked now and applied at tx.commit.
    ch.checkUnacked(deliveryTag, multiple);
    ch.tx.settle({ deliveryTag, multiple, outcome, method });
  } else {
    ch.settle(ch.takeUnacked(deliveryTag, multiple), outcome, method);
  }
}

/** basic.recover: RabbitMQ supports requeue=true only (redeliver through the queue). */
function recover(ch: Channel, requeue: boolean): void {
  if (!requeue) throw new ConnectionError(Reply.NOT_IMPLEMENTED, 'requeue=false');
  ch.settle(ch.takeUnacked(0, true), 'requeue', 'reject');
}
