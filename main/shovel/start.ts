// The shovels as Warren starts them: "amqp://" leads to its (first) AMQP listener, on loopback
// when that listens on every address; the cluster name is RabbitMQ's cluster_name parameter, else
// the node's name.
import type { Broker } from '../broker/broker';
import { localAddress, type Listener } from '../broker/listener';
import { NODE_NAME } from '../broker/node-name';
import { getGlobalParameter } from '../broker/parameters/runtime-parameters';
import { Shovels } from './shovels';

export function startShovels(broker: Broker, amqp: Listener | undefined, warn: (text: string) => void): Shovels {
  const shovels = new Shovels(broker, {
    local: {
      address: () => localAddress(amqp),
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
