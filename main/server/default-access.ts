// The first user and vhost of a new broker (RabbitMQ's default_user, default_pass, default_vhost,
// or the Docker image's RABBITMQ_DEFAULT_*): made on an empty data directory only, instead of
// guest on '/'. When another user is named, guest is not created, as in RabbitMQ; with a
// definitions file to load at start-up there is neither (RabbitMQ's maybe_insert_default_data).
import type { Broker } from '../broker/broker';

export interface DefaultAccess {
  user?: string;
  password?: string;
  vhost?: string;
}

/** Replace the core's guest on '/' by the given defaults (all optional: guest, guest, '/'). */
export function seedDefaultAccess(broker: Broker, d: DefaultAccess): void {
  const vhost = d.vhost ?? '/';
  const user = d.user ?? 'guest';
  if (vhost !== '/') {
    broker.addVhost(vhost);
    broker.deleteVhost('/');
  }
  if (user !== 'guest') {
    broker.users.delete('guest');
    broker.permissions.forgetUser('guest');
  }
  if (user !== 'guest' || d.password !== undefined || vhost !== '/') {
    broker.users.put(user, { password: d.password ?? 'guest', tags: ['administrator'] });
    broker.permissions.set({ user, vhost, configure: '.*', write: '.*', read: '.*' });
    broker.accessChanged();
  }
}

/** A first start with a definitions file: the file says which users and vhosts there are. */
export function dropDefaultAccess(broker: Broker): void {
  broker.deleteVhost('/');
  broker.users.delete('guest');
  broker.permissions.forgetUser('guest');
  broker.accessChanged();
}
