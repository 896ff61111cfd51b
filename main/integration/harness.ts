// Starts a broker for integration tests: a real `warren serve` process on a free port, driven over TCP.
// Set WARREN_TEST_URL (e.g. amqp://guest:guest@127.0.0.1:5682) to run the same tests against another
// broker, such as the reference RabbitMQ; tests of Warren-only behaviour check `broker.external`.
import type { ChildProcess } from 'node:child_process';
import { spawnWarren } from '../test-support/warren-process';

export interface TestBroker {
  /** amqp://guest:guest@host:port */
  url: string;
  host: string;
  port: number;
  /** mqtt://host:port of its MQTT listener (WARREN_TEST_MQTT_URL with an external broker) */
  mqttUrl: string;
  /** ws://host:port/ws of its Web-MQTT listener (WARREN_TEST_WEB_MQTT_URL with an external broker) */
  webMqttUrl: string;
  /** true when WARREN_TEST_URL points the tests at a broker they did not start */
  external: boolean;
  /** the broker process (absent when external) */
  process?: ChildProcess;
  /** everything the process printed so far */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `env` is added to the broker process's environment (e.g. WARREN_FAULT for crash tests). */
export async function startBroker(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<TestBroker> {
  const externalUrl = process.env.WARREN_TEST_URL;
  if (externalUrl) {
    const u = new URL(externalUrl);
    return {
      url: externalUrl, host: u.hostname, port: Number(u.port || 5672), external: true,
      mqttUrl: process.env.WARREN_TEST_MQTT_URL ?? `mqtt://${u.hostname}:1883`,
      webMqttUrl: process.env.WARREN_TEST_WEB_MQTT_URL ?? `ws://${u.hostname}:15675/ws`,
      output: () => '', stop: async () => 0,
    };
  }
  // In memory unless the test gives a data directory (restart and crash tests).
  const storage = extraArgs.includes('--data-dir') ? [] : ['--in-memory'];
  const w = await spawnWarren(['--port', '0', ...storage, '--no-ui', '--log-level', 'warn', ...extraArgs], { env });
  return {
    url: `amqp://guest:guest@127.0.0.1:${w.amqpPort}`, host: '127.0.0.1', port: w.amqpPort, external: false, process: w.process,
    mqttUrl: `mqtt://127.0.0.1:${w.mqttPort ?? 0}`,
    webMqttUrl: `ws://127.0.0.1:${w.webMqttPort ?? 0}/ws`,
    output: w.output,
    stop: w.stop,
  };
}

/** A name unique to this test run, so tests sharing a broker never collide. */
let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}
