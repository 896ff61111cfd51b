// queue.* methods. Each asks the session's permissions first, as RabbitMQ does (before the queue
// is looked up): declare and delete need configure on the queue, a dead-letter exchange also read
// on the queue and write on that exchange; bind/unbind write on the queue, then read on the
// exchange (and the topic permission for the key); purge read. Passive declares need none.
import { asString, tableGet } from '../../../broker/field-values';
import { generatedQueueName } from '../../../broker/names';
import { REPLY_TO } from '../../../broker/reply-to';
import type { Channel } from '../channel';
import type { Handlers } from './handler';

export const queueMethods: Handlers = {
  'queue.declare': (ch, a) => {
    if (a.queue === REPLY_TO && a.passive) {
      // The direct reply-to pseudo-queue exists for clients probing it (RabbitMQ answers so).
      if (!a.nowait) ch.send('queue.declare-ok', { queue: REPLY_TO, messageCount: 0, consumerCount: 1 });
      return;
    }
    const generated = a.queue === '' && !a.passive;
    const name = generated ? generatedQueueName() : a.queue;
    if (!a.passive) {
      ch.access.configure('queue', name);
      const dlx = asString(tableGet(a.arguments, 'x-dead-letter-exchange'));
      if (dlx !== undefined) {
        ch.access.read('queue', name);
        ch.access.write('exchange', dlx);
      }
    }
    const q = ch.vhost.declareQueue(
      { name, generated, passive: a.passive, durable: a.durable, exclusive: a.exclusive, autoDelete: a.autoDelete, args: a.arguments },
      ch.client,
    );
    ch.declared(q.name);
    if (!a.nowait) ch.send('queue.declare-ok', { queue: q.name, messageCount: q.messageCount, consumerCount: q.consumerCount });
  },
  'queue.bind': (ch, a) => {
    const queue = ch.queueName(a.queue);
    checkBinding(ch, queue, a.exchange, a.routingKey);
    ch.vhost.bindQueue(queue, a.exchange, a.routingKey, a.arguments, ch.client);
    if (!a.nowait) ch.send('queue.bind-ok', {});
  },
  'queue.unbind': (ch, a) => {
    const queue = ch.queueName(a.queue);
    checkBinding(ch, queue, a.exchange, a.routingKey);
    ch.vhost.unbindQueue(queue, a.exchange, a.routingKey, a.arguments, ch.client);
    ch.send('queue.unbind-ok', {});
  },
  'queue.purge': (ch, a) => {
    const queue = ch.queueName(a.queue);
    ch.access.read('queue', queue);
    const messageCount = ch.vhost.purgeQueue(queue, ch.client);
    if (!a.nowait) ch.send('queue.purge-ok', { messageCount });
  },
  'queue.delete': (ch, a) => {
    const queue = ch.queueName(a.queue);
    ch.access.configure('queue', queue);
    const messageCount = ch.vhost.deleteQueue(queue, a.ifUnused, a.ifEmpty, ch.client);
    if (!a.nowait) ch.send('queue.delete-ok', { messageCount });
  },
};

/** queue.bind/unbind: write on the queue, read on the exchange, and on a topic exchange the
 *  topic read permission for the binding key. */
function checkBinding(ch: Channel, queue: string, exchange: string, routingKey: string): void {
  ch.access.write('queue', queue);
  ch.access.read('exchange', exchange);
  if (ch.vhost.exchanges.get(exchange)?.type === 'topic') ch.access.topic('read', exchange, routingKey);
}
