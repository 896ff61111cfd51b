// The codec-backed PackingSupport that lets the core pack long queue tails (see
// broker/queues/packed-tail.ts); with a store, persisted bodies are read back from disk.
import { decodeProperties, encodeProperties } from '../amqp/codec/properties';
import type { PackingSupport } from '../broker/queues/packed-tail';
import type { MessageStore } from '../store/message-store';

export function packingSupport(store: MessageStore | null): PackingSupport {
  return {
    decodeProperties,
    encodeProperties,
    readBody: store
      ? (ref) => {
        const body = store.read(ref).body;
        return Buffer.isBuffer(body) ? body : Buffer.concat(body as Buffer[]);
      }
      : null,
  };
}
