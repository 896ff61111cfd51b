// connection.start's server-properties: who we are and RabbitMQ's capabilities table. Clients
// switch features on from these flags, so only what Warren implements is advertised.
import type { FieldTable, FieldValue } from '../codec/types';

export const PRODUCT = 'Warren';
export const VERSION = '0.1.0';

const bool = (value: boolean): FieldValue => ({ type: 't', value });
const str = (s: string): FieldValue => ({ type: 'S', value: Buffer.from(s) });

export const CAPABILITIES: FieldTable = [
  ['publisher_confirms', bool(true)],
  ['exchange_exchange_bindings', bool(true)],
  ['basic.nack', bool(true)],
  ['consumer_cancel_notify', bool(true)],
  ['connection.blocked', bool(true)],
  ['consumer_priorities', bool(true)],
  ['authentication_failure_close', bool(true)],
  ['per_consumer_qos', bool(true)],
  ['direct_reply_to', bool(true)],
];

export function serverProperties(): FieldTable {
  return [
    ['capabilities', { type: 'F', value: CAPABILITIES }],
    ['cluster_name', str('warren@localhost')],
    ['copyright', str('Warren contributors')],
    ['information', str('A desktop message broker and visual explorer')],
    ['platform', str(`Node.js ${process.version}`)],
    ['product', str(PRODUCT)],
    ['version', str(VERSION)],
  ];
}
