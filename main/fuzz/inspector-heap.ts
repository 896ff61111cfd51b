// The broker's JS heap after a full garbage collection, asked through the V8 inspector of a broker
// the fuzzer started itself (NODE_OPTIONS=--inspect=127.0.0.1:0): RSS alone cannot tell a leak
// from a heap that grew under load and that V8 keeps, the heap in use after GC can.
import WebSocket from 'ws';

/** The inspector's address from what the broker printed ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1] ?? null;
}

/** Collects garbage in the broker and returns its heap in use, in bytes. */
export async function heapAfterGc(url: string): Promise<number> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let next = 0;
  const call = (method: string): Promise<Record<string, number>> => new Promise((resolve) => {
    const id = ++next;
    const onMessage = (d: Buffer): void => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: Record<string, number> };
      if (m.id === id) { ws.off('message', onMessage); resolve(m.result ?? {}); }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method }));
  });
  try {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize;
  } finally {
    ws.close();
  }
}
