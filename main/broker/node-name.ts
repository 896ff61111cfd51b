// This broker's node name, as RabbitMQ names its nodes (rabbit@host): the management API, the
// firehose's `node` header and the window all say the same.
import { hostname } from 'node:os';

export const NODE_NAME = `warren@${hostname()}`;
