// What MQTT's persistent sessions keep besides their queues (QoS 2 packet ids, shared
// subscriptions) on disk: one JSON file in <data dir>/mqtt-sessions, written atomically (the
// definitions file's envelope, checksum and backup) when the broker stops, read when it starts.
import { join } from 'node:path';
import type { SessionsPersistence } from '../mqtt/registry';
import type { Qos2State } from '../mqtt/session';
import { DefinitionsFile } from '../store/definitions-file';
import type { Logger } from './log';

type Saved = Record<string, { inbound: number[]; released: number[]; shared: Array<[string, number]> }>;

export function sessionsFile(dataDir: string, log: Logger): SessionsPersistence {
  const file = new DefinitionsFile<Saved>(join(dataDir, 'mqtt-sessions'), { log: (level, msg) => log[level](msg), name: 'mqtt-sessions' });
  return {
    load() {
      const out = new Map<string, Qos2State>();
      for (const [key, s] of Object.entries(file.load() ?? {})) {
        out.set(key, { inbound: new Set(s.inbound), released: new Set(s.released), shared: new Map(s.shared) });
      }
      return out;
    },
    save(all) {
      const saved: Saved = {};
      for (const [key, s] of all) saved[key] = { inbound: [...s.inbound], released: [...s.released], shared: [...s.shared] };
      try {
        file.save(saved);
      } catch (err) {
        log.error(`could not save MQTT sessions: ${(err as Error).message}`);
      }
    },
  };
}
