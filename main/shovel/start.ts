// The shovels as Warren starts them: "amqp://" leads to its (first) AMQP listener, on loopback
// when that listens on every address; the cluster name is RabbitMQ's cluster_name parameter, else
// the node's name.
import type { Broker } from '../broker/broker';
import type { Listener } from '../broker/listener';
import { NODE_NAME } from '../broker/node-name';
import { getGlobalParameter } from '../broker/parameters/runtime-parameters';
import { Shovels } from './shovels';

const ANY = new Set(['0.0.0.0', '::', '']);

export function startShovels(broker: Broker, amqp: Listener | undefined, warn: (text: string) => void): Shovels {
  const shovels = new Shovels(broker, {
    local: {
      address: () => {
        const a = amqp?.address;
        if (!a || a.hosts.length === 0) return null;
        const host = a.hosts[0];
        return { host: ANY.has(host) ? (host === '::' ? '::1' : '127.0.0.1') : host, port: a.port };
      },
    },
    clusterName: () => {
      const v = getGlobalParameter(broker, 'cluster_name')?.value;
      return typeof v === 'string' ? v : NODE_NAME;
    },
    warn,
  });
  shovels.start();
  return shovels;
}
