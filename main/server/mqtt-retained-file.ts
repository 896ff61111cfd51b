// MQTT's retained messages on disk: one JSON file in <data dir>/mqtt-retained, replaced atomically
// (the definitions file's envelope, checksum and backup), payloads and binary properties base64.
import { join } from 'node:path';
import type { RetainedMessage, RetainedPersistence } from '../mqtt/retained';
import { DefinitionsFile } from '../store/definitions-file';
import type { Logger } from './log';

type Saved = Record<string, Array<{ topic: string; payload: string; qos: 0 | 1 | 2; properties?: string; at?: number }>>;

/** A Buffer inside properties (MQTT 5 correlation data) survives JSON as {"$base64": "..."}. */
const replacer = (_k: string, v: unknown): unknown =>
  v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)
    ? { $base64: Buffer.from((v as { data: number[] }).data).toString('base64') } : v;
const reviver = (_k: string, v: unknown): unknown =>
  v && typeof v === 'object' && typeof (v as { $base64?: unknown }).$base64 === 'string' ? Buffer.from((v as { $base64: string }).$base64, 'base64') : v;

export function retainedFile(dataDir: string, log: Logger): RetainedPersistence {
  const file = new DefinitionsFile<Saved>(join(dataDir, 'mqtt-retained'), { log: (level, msg) => log[level](msg), name: 'mqtt-retained' });
  return {
    load() {
      const out = new Map<string, RetainedMessage[]>();
      for (const [vhost, list] of Object.entries(file.load() ?? {})) {
        out.set(vhost, list.map((m) => ({
          topic: m.topic, payload: Buffer.from(m.payload, 'base64'), qos: m.qos, ...(m.at !== undefined ? { at: m.at } : {}),
          ...(m.properties ? { properties: JSON.parse(m.properties, reviver) as Record<string, unknown> } : {}),
        })));
      }
      return out;
    },
    save(all) {
      const saved: Saved = {};
      for (const [vhost, list] of all) {
        saved[vhost] = list.map((m) => ({
          topic: m.topic, payload: m.payload.toString('base64'), qos: m.qos, ...(m.at !== undefined ? { at: m.at } : {}),
          ...(m.properties ? { properties: JSON.stringify(m.properties, replacer) } : {}),
        }));
      }
      try {
        file.save(saved);
      } catch (err) {
        log.error(`could not save MQTT retained messages: ${(err as Error).message}`);
      }
    },
  };
}
