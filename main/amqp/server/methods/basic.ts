// basic.* methods: qos, consume/cancel, publish, get, ack/nack/reject, recover.
import { ConnectionError, Reply } from '../../../broker/errors';
import { asNumber, tableGet } from '../../../broker/field-values';
import { generatedConsumerTag } from '../../../broker/names';
import { REPLY_TO } from '../../../broker/reply-to';
import type { Channel } from '../channel';
import type { Handlers } from './handler';

export const basicMethods: Handlers = {
  'basic.qos': (ch, a) => {
    // RabbitMQ implements prefetch_count only.
    if (a.prefetchSize !== 0) throw new ConnectionError(Reply.NOT_IMPLEMENTED, `prefetch_size!=0 (${a.prefetchSize})`);
    // qos-ok goes out before the deliveries the new limit may allow.
    ch.send('basic.qos-ok', {});
    ch.setPrefetch(a.prefetchCount, a.global);
  },

  'basic.consume': (ch, a) => {
    const tag = a.consumerTag === '' ? generatedConsumerTag() : a.consumerTag;
    const ok = (): void => { if (!a.nowait) ch.send('basic.consume-ok', { consumerTag: tag }); };
    if (a.queue === REPLY_TO) {
      ch.consumeReplyTo(tag, a.noAck);
      ok();
      return;
    }
    // basic.consume needs read on the queue, asked before it is looked up (RabbitMQ)
    const name = ch.queueName(a.queue);
    ch.access.read('queue', name);
    const queue = ch.vhost.usableQueue(name, ch.client);
    // a quorum queue has no channel-wide credit: RabbitMQ refuses the consume and the connection
    if (queue.isQuorum && ch.deliveries.credit.limit > 0) {
      throw new ConnectionError(Reply.NOT_IMPLEMENTED, `queue '${name}' in vhost '${ch.vhost.name}' does not support global qos`);
    }
    const priority = asNumber(tableGet(a.arguments, 'x-priority')) ?? 0;
    // consume-ok goes out before the first delivery, which the queue may make at once.
    ch.consume(queue, tag, { noAck: a.noAck, exclusive: a.exclusive, priority, args: a.arguments }, ok);
  },

  'basic.cancel': (ch, a) => {
    ch.cancel(a.consumerTag);
    // RabbitMQ answers cancel-ok even for an unknown tag.
    if (!a.nowait) ch.send('basic.cancel-ok', { consumerTag: a.consumerTag });
  },

  'basic.publish': (ch, a) => ch.beginPublish(a),

  'basic.get': (ch, a) => {
    const name = ch.queueName(a.queue);
    ch.access.read('queue', name);
    ch.get(ch.vhost.usableQueue(name, ch.client), a.noAck);
  },

  'basic.ack': (ch, a) => ch.settle(a.deliveryTag, a.multiple, 'ack', 'ack'),
  'basic.reject': (ch, a) => ch.settle(a.deliveryTag, false, a.requeue ? 'requeue' : 'reject', 'reject'),
  'basic.nack': (ch, a) => ch.settle(a.deliveryTag, a.multiple, a.requeue ? 'requeue' : 'reject', 'nack'),

  'basic.recover': (ch, a) => {
    recover(ch, a.requeue);
    ch.send('basic.recover-ok', {});
  },
  'basic.recover-async': (ch, a) => recover(ch, a.requeue),
};

/** basic.recover: RabbitMQ supports requeue=true only (redeliver through the queue). */
function recover(ch: Channel, requeue: boolean): void {
  if (!requeue) throw new ConnectionError(Reply.NOT_IMPLEMENTED, 'requeue=false');
  ch.recover();
}
