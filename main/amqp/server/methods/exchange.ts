// exchange.* methods.
import type { Handlers } from './handler';

export const exchangeMethods: Handlers = {
  'exchange.declare': (ch, a) => {
    ch.vhost.declareExchange({ name: a.exchange, type: a.type, passive: a.passive, durable: a.durable, autoDelete: a.autoDelete, internal: a.internal, args: a.arguments });
    if (!a.nowait) ch.send('exchange.declare-ok', {});
  },
  'exchange.delete': (ch, a) => {
    ch.vhost.deleteExchange(a.exchange, a.ifUnused);
    if (!a.nowait) ch.send('exchange.delete-ok', {});
  },
  'exchange.bind': (ch, a) => {
    ch.vhost.bindExchange(a.destination, a.source, a.routingKey, a.arguments);
    if (!a.nowait) ch.send('exchange.bind-ok', {});
  },
  'exchange.unbind': (ch, a) => {
    ch.vhost.unbindExchange(a.destination, a.source, a.routingKey, a.arguments);
    if (!a.nowait) ch.send('exchange.unbind-ok', {});
  },
};
