// The broker end-to-end tests drive: a real `warren serve` with the AMQP and MQTT listeners and the
// browser UI on free ports, in memory, with a settings directory of its own (removed on stop unless given).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWarren } from './warren-process';

export interface E2eBroker {
  amqpUrl: string;
  /** MQTT on a free port (spawnWarren starts it with --mqtt-port 0) */
  mqttUrl: string;
  /** Web-MQTT (MQTT over WebSocket) on a free port */
  webMqttUrl: string;
  uiUrl: string;
  settingsDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `dataDir`: keep data there instead of in memory (the first-run welcome is shown only then). */
export async function startWarrenProcess(opts: { settingsDir?: string; dataDir?: string } = {}): Promise<E2eBroker> {
  const settingsDir = opts.settingsDir ?? mkdtempSync(join(tmpdir(), 'warren-e2e-'));
  const storage = opts.dataDir ? ['--data-dir', opts.dataDir] : ['--in-memory'];
  const w = await spawnWarren(['--port', '0', '--ui-port', '0', ...storage, '--host', '127.0.0.1', '--settings-dir', settingsDir, '--log-level', 'warn'], { ui: true });
  return {
    amqpUrl: `amqp://guest:guest@127.0.0.1:${w.amqpPort}`,
    mqttUrl: `mqtt://127.0.0.1:${w.mqttPort}`,
    webMqttUrl: `ws://127.0.0.1:${w.webMqttPort}/ws`,
    uiUrl: w.uiUrl!,
    settingsDir,
    process: w.process,
    output: w.output,
    async stop() {
      await w.stop('SIGTERM');
      if (!opts.settingsDir) rmSync(settingsDir, { recursive: true, force: true });
    },
  };
}
