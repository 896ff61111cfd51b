// Shared types of scenarios and their results.
import type { Protocol, Target } from '../raw-client';

export interface Metric {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** which direction is an improvement (for reading the A/B ratio) */
  better: 'higher' | 'lower' | 'none';
}

export interface RunOptions {
  warmupS: number;
  durationS: number;
  /** scenario 7: messages in the backlog */
  backlog: number;
  /** scenario 8: connections to open, and how many handshakes are in flight at once */
  connections: number;
  connParallel: number;
  /** MQTT idle scenario: connections to open */
  mqttConnections: number;
  /** scenario 6: publish rate */
  latencyRate: number;
  /** scenario 10: Warren's UI event stream, e.g. ws://127.0.0.1:15673/api/ws */
  uiWs?: string;
  /** optional first message sent on the UI WebSocket (JSON text) */
  uiWsSubscribe?: string;
  /** attach the UI subscriber even when the broker does not call itself Warren */
  uiWsForce?: boolean;
}

export interface RunContext {
  target: Target;
  /** display name of the target (warren / rabbitmq) */
  name: string;
  /** broker process and its descendants (empty when unknown) */
  brokerPids: number[];
  brokerPid: number | null;
  /** connection.start server-properties product, e.g. "RabbitMQ" */
  product: string;
  opts: RunOptions;
  log: (line: string) => void;
}

export interface RunOutput {
  metrics: Metric[];
  /** cores used during the measured window */
  cpu?: { gen: number; broker: number; other: number };
  verified: boolean;
  verify: string;
  notes: string[];
}

export interface Scenario {
  id: number;
  /** which targets it runs against (by URL scheme; default amqp) */
  protocol?: Protocol;
  name: string;
  title: string;
  run(ctx: RunContext): Promise<RunOutput>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
