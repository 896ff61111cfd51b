// exchange.* methods. Permissions first, as RabbitMQ does (before the exchange is looked up):
// declare and delete need configure, an alternate exchange also read on the declared one and
// write on the alternate; exchange.bind/unbind write on the destination, then read on the source.
// Passive declares need none.
import { asString, tableGet } from '../../../broker/field-values';
import type { Handlers } from './handler';

export const exchangeMethods: Handlers = {
  'exchange.declare': (ch, a) => {
    if (!a.passive) {
      ch.access.configure('exchange', a.exchange);
      const ae = asString(tableGet(a.arguments, 'alternate-exchange'));
      if (ae !== undefined) {
        ch.access.read('exchange', a.exchange);
        ch.access.write('exchange', ae);
      }
    }
    ch.vhost.declareExchange({ name: a.exchange, type: a.type, passive: a.passive, durable: a.durable, autoDelete: a.autoDelete, internal: a.internal, args: a.arguments });
    if (!a.nowait) ch.send('exchange.declare-ok', {});
  },
  'exchange.delete': (ch, a) => {
    ch.access.configure('exchange', a.exchange);
    ch.vhost.deleteExchange(a.exchange, a.ifUnused);
    if (!a.nowait) ch.send('exchange.delete-ok', {});
  },
  'exchange.bind': (ch, a) => {
    ch.access.write('exchange', a.destination);
    ch.access.read('exchange', a.source);
    ch.vhost.bindExchange(a.destination, a.source, a.routingKey, a.arguments);
    if (!a.nowait) ch.send('exchange.bind-ok', {});
  },
  'exchange.unbind': (ch, a) => {
    ch.access.write('exchange', a.destination);
    ch.access.read('exchange', a.source);
    ch.vhost.unbindExchange(a.destination, a.source, a.routingKey, a.arguments);
    if (!a.nowait) ch.send('exchange.unbind-ok', {});
  },
};
