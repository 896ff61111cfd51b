// The broker's memory in use after a full garbage collection, asked through the V8 inspector of a
// broker the fuzzer started itself (NODE_OPTIONS=--inspect=127.0.0.1:0): RSS alone cannot tell a
// leak from pages that V8 and the allocator keep after a load, the memory in use after GC can. Both
// halves count: the JS heap, and the memory outside it that live objects hold (Buffers' bytes: a
// leak of message bodies is a few MiB of heap but gigabytes outside it).
import WebSocket from 'ws';

/** The inspector's address from what the broker printed ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1] ?? null;
}

export interface MemoryAfterGc {
  /** the JS heap in use, bytes */
  heap: number;
  /** memory outside the heap that live JS objects hold (process.memoryUsage().external: Buffers) */
  external: number;
}

/** Collects garbage in the broker and returns the memory it still uses. */
export async function memoryAfterGc(url: string): Promise<MemoryAfterGc> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let next = 0;
  const call = (method: string, params: object = {}): Promise<Record<string, unknown>> => new Promise((resolve) => {
    const id = ++next;
    const onMessage = (d: Buffer): void => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: Record<string, unknown> };
      if (m.id === id) { ws.off('message', onMessage); resolve(m.result ?? {}); }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
  try {
    await call('HeapProfiler.collectGarbage');
    const heap = (await call('Runtime.getHeapUsage')).usedSize as number;
    const ext = await call('Runtime.evaluate', { expression: 'process.memoryUsage().external', returnByValue: true });
    return { heap, external: (ext.result as { value: number }).value };
  } finally {
    ws.close();
  }
}
