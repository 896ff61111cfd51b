// queue.* methods.
import { REPLY_TO } from '../../../broker/reply-to';
import type { Handlers } from './handler';

export const queueMethods: Handlers = {
  'queue.declare': (ch, a) => {
    if (a.queue === REPLY_TO && a.passive) {
      // The direct reply-to pseudo-queue exists for clients probing it (RabbitMQ answers so).
      if (!a.nowait) ch.send('queue.declare-ok', { queue: REPLY_TO, messageCount: 0, consumerCount: 1 });
      return;
    }
    const q = ch.vhost.declareQueue(
      { name: a.queue, passive: a.passive, durable: a.durable, exclusive: a.exclusive, autoDelete: a.autoDelete, args: a.arguments },
      ch.client,
    );
    ch.declared(q.name);
    if (!a.nowait) ch.send('queue.declare-ok', { queue: q.name, messageCount: q.messageCount, consumerCount: q.consumerCount });
  },
  'queue.bind': (ch, a) => {
    ch.vhost.bindQueue(ch.queueName(a.queue), a.exchange, a.routingKey, a.arguments, ch.client);
    if (!a.nowait) ch.send('queue.bind-ok', {});
  },
  'queue.unbind': (ch, a) => {
    ch.vhost.unbindQueue(ch.queueName(a.queue), a.exchange, a.routingKey, a.arguments, ch.client);
    ch.send('queue.unbind-ok', {});
  },
  'queue.purge': (ch, a) => {
    const messageCount = ch.vhost.purgeQueue(ch.queueName(a.queue), ch.client);
    if (!a.nowait) ch.send('queue.purge-ok', { messageCount });
  },
  'queue.delete': (ch, a) => {
    const messageCount = ch.vhost.deleteQueue(ch.queueName(a.queue), a.ifUnused, a.ifEmpty, ch.client);
    if (!a.nowait) ch.send('queue.delete-ok', { messageCount });
  },
};
