// The broker core's facade: virtual hosts, connected clients and the event bus. Protocol layers,
// the UI bridge and the CLI all go through it; it knows nothing of sockets, codecs or Electron.
import type { ConnectionInfo } from '../../shared/model/topology';
import type { Client } from './client';
import { Alarms } from './alarms';
import { EventBus } from './events';
import { VHost } from './vhost';

export interface User {
  name: string;
  password: string;
}

export class Broker {
  readonly events = new EventBus();
  readonly alarms = new Alarms();
  readonly vhosts = new Map<string, VHost>();
  readonly clients = new Map<string, Client>();
  private readonly users = new Map<string, User>();
  private nextClientId = 1;

  constructor() {
    this.vhosts.set('/', new VHost('/', this.events));
    this.users.set('guest', { name: 'guest', password: 'guest' });
  }

  vhost(name: string): VHost | undefined {
    return this.vhosts.get(name);
  }

  /** PLAIN/AMQPLAIN credentials check; the default user is guest/guest, as on RabbitMQ. */
  authenticate(user: string, password: string): boolean {
    const u = this.users.get(user);
    return u !== undefined && u.password === password;
  }

  newClientId(protocol: string): string {
    return `${protocol}-${this.nextClientId++}`;
  }

  clientOpened(client: Client): void {
    this.clients.set(client.info.id, client);
    if (this.events.active) this.events.emit({ type: 'connection.opened', connection: client.info });
  }

  clientClosed(client: Client, reason: string): void {
    if (!this.clients.delete(client.info.id)) return;
    for (const v of this.vhosts.values()) v.clientClosed(client);
    if (this.events.active) this.events.emit({ type: 'connection.closed', connectionId: client.info.id, reason });
  }

  connections(): ConnectionInfo[] {
    return [...this.clients.values()].map((c) => c.info);
  }
}
