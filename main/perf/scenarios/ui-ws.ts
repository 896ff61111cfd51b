// Scenario 10's side load: a UI event-stream subscriber on Warren's WebSocket (ws://host:<ui-port>/api/ws).
// Pluggable: bench.ts passes --ui-ws; it is skipped (with a note) when absent or when the target is not Warren.
import WebSocket from 'ws';
import type { SideLoad } from './throughput';
import type { RunContext } from './types';

export function uiWsSideLoad(ctx: RunContext): { hook: SideLoad | null; note: string | null } {
  const url = ctx.opts.uiWs;
  if (!url) return { hook: null, note: 'UI event stream not attached: no --ui-ws URL given (this run is scenario 1 without a subscriber)' };
  if (!/warren/i.test(ctx.product) && !ctx.opts.uiWsForce) {
    return { hook: null, note: `UI event stream not attached: target '${ctx.name}' is ${ctx.product || 'an unknown broker'}, not Warren (this run is scenario 1 without a subscriber; --ui-ws-force attaches anyway)` };
  }
  // By default it watches vhost '/' as the real UI does (flow batches, rates, traces).
  return { hook: new WsSubscriber(url, ctx.opts.uiWsSubscribe ?? JSON.stringify({ type: 'subscribe', vhost: '/' })), note: null };
}

class WsSubscriber implements SideLoad {
  readonly name = 'UI WebSocket';
  private ws: WebSocket | null = null;
  private messages = 0;
  private bytes = 0;
  constructor(private readonly url: string, private readonly subscribe?: string) {}

  async start(): Promise<void> {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`UI WebSocket ${this.url} did not open in 5 s`)), 5000);
      ws.once('open', () => { clearTimeout(t); resolve(); });
      ws.once('error', (e) => { clearTimeout(t); reject(e); });
    });
    ws.on('error', () => {});
    ws.on('message', (data: WebSocket.RawData) => {
      this.messages++;
      this.bytes += Array.isArray(data) ? data.reduce((s, b) => s + b.length, 0) : (data as Buffer).byteLength;
    });
    if (this.subscribe) ws.send(this.subscribe);
  }

  snapshot(): { messages: number; bytes: number } { return { messages: this.messages, bytes: this.bytes }; }

  async stop(): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    await new Promise<void>((r) => { ws.once('close', () => r()); ws.close(); setTimeout(r, 1000); });
    ws.terminate();
  }
}
