// The Prometheus endpoint (rabbitmq_prometheus's port 15692 and path /metrics), loopback by default
// like every listener. GET only; the exposition is rendered per scrape (main/http/prometheus.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Broker } from '../broker/broker';
import { renderMetrics } from '../http/prometheus';
import type { NodeResources } from '../http/router';

export interface RunningMetricsServer { port: number; url: string; close(): Promise<void> }

export async function startMetricsServer(broker: Broker, opts: { host: string; port: number; resources: () => NodeResources | null }): Promise<RunningMetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found: scrape /metrics\n'); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }); res.end(); return; }
    const body = renderMetrics(broker, opts.resources());
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port, url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
