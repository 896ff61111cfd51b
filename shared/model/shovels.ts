// What the window's Shovels tab shows of a dynamic shovel: its definition (a "shovel" runtime
// parameter, RabbitMQ's JSON) and its state as rabbitmq_shovel reports it.
export type ShovelRowState = 'starting' | 'running' | 'terminated' | 'not running';

export interface ShovelRow {
  vhost: string;
  name: string;
  /** 'not running': defined, but no worker reports on it (such as a definition the broker refused to start) */
  state: ShovelRowState;
  /** why it terminated */
  reason: string | null;
  /** when the state last changed, as the broker words it */
  since: string | null;
  /** "queue 'a' on amqp://", without credentials */
  source: string;
  destination: string;
  /** on-confirm | on-publish | no-ack */
  ackMode: string;
  /** "never", "queue-length" (a one-off move) or a number of messages */
  deleteAfter: string;
}
