// Simulated producers and consumers: real AMQP clients the broker runs for a learner (or
// `warren simulate` runs from the command line), each its own connection.

export interface ProducerSpec {
  vhost: string;
  exchange: string;
  /** how the routing key is chosen: always `keys[0]`, `keys` in turn, or random words (topic practice) */
  keyMode: 'fixed' | 'round-robin' | 'random-words';
  keys: string[];
  headers: Record<string, string | number | boolean>;
  /** the body; {n} is the message's number, {time} the ISO time, {key} its routing key */
  body: string;
  persistent: boolean;
  /** per-message TTL in ms (the expiration property); null: none */
  ttl: number | null;
  priority: number | null;
  /** messages per second; 0: only when asked (one click, one message) */
  rate: number;
  mandatory: boolean;
}

export interface ConsumerSpec {
  vhost: string;
  queue: string;
  prefetch: number;
  ack: 'manual' | 'auto';
  /** processing time per message in ms: fixed (min = max) or random between the two */
  workMinMs: number;
  workMaxMs: number;
  /** chances (0..1) that a message is nacked or rejected instead of acked (manual ack only) */
  nackChance: number;
  rejectChance: number;
  /** whether those nacks and rejects requeue (false: dead-lettered, or dropped) */
  requeue: boolean;
  /** x-priority of the consumer; null: none */
  priority: number | null;
  exclusive: boolean;
}

export type SimulatedSpec = { kind: 'producer'; spec: ProducerSpec } | { kind: 'consumer'; spec: ConsumerSpec };

export interface SimulatedClient {
  id: string;
  kind: 'producer' | 'consumer';
  /** the connection's name, as the canvas, the Connections tool and the management API show it */
  name: string;
  /** its connection's id in the broker, while it has one (the canvas draws it there); null: none,
   *  or not known (a broker `warren simulate` reaches) */
  connectionId: string | null;
  state: 'connecting' | 'running' | 'failed' | 'crashed' | 'stopped';
  /** why it failed (the broker's words) */
  error: string | null;
  spec: ProducerSpec | ConsumerSpec;
  counts: { published: number; returned: number; received: number; acked: number; nacked: number; rejected: number };
}
