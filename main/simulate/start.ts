// The window's simulated clients as Warren runs them: each connects to the broker's own AMQP
// listener on loopback with the internal login (as local shovels do), so it is a real connection
// everywhere, named "simulated consumer 3"; the broker tells which of its connections is which by
// the client's port.
import type { Broker } from '../broker/broker';
import { localAddress, type Listener } from '../broker/listener';
import { Simulation } from './simulation';
import { vhostClockScale } from '../broker/vhost-clock';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function startSimulation(broker: Broker, amqp: Listener | undefined): Simulation {
  return new Simulation({
    target: () => {
      const at = localAddress(amqp);
      if (!at) return null;
      const host = at.host.includes(':') ? `[${at.host}]` : at.host;
      return { amqpUrl: `amqp://${host}:${at.port}`, user: broker.internalLogin.user, password: broker.internalLogin.password };
    },
    clockScale: (vhost) => vhostClockScale(broker, vhost),
    connectionFrom: (port) => {
      for (const c of broker.clients.values()) {
        const peer = c.info.peer;
        if (peer && peer.port === port && LOOPBACK.has(peer.host) && c.info.user === broker.internalLogin.user) return c.info.id;
      }
      return null;
    },
  });
}
