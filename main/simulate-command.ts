// `warren simulate`: simulated producers and consumers from the command line, for demos and
// lessons written as scripts, against Warren or any RabbitMQ (its management API says where AMQP
// listens). Runs until interrupted, printing what each client did every few seconds. Consumers in
// a vhost whose sandbox clock runs fast (Warren's ×10, ×60) work as fast, as they do in the window.
import { parseArgs } from 'node:util';
import { ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';
import { parseConsumer, parseProducer, SpecError } from './simulate/spec-text';
import { Simulation } from './simulate/simulation';
import type { SimulatedClient, SimulatedSpec } from '../shared/model/simulate';

export const SIMULATE_USAGE = `usage: warren simulate [--url URL] [--vhost V] --producer SPEC ... --consumer SPEC ...

  Runs simulated clients, each its own AMQP connection, until interrupted (Ctrl-C).

  --url URL        the management API with its credentials (default http://guest:guest@127.0.0.1:15672);
                   the clients use the same credentials on the broker's AMQP port
  --vhost V        the vhost (default /), unless a SPEC says vhost=...
  --producer SPEC  exchange=X,key=K (or keys=a|b|c in turn, or random for random words),
                   rate=N per second (default 1), persistent, ttl=MS, priority=N, mandatory,
                   header=k:v|k2:v2, body=TEXT ({n}, {time} and {key} are filled in)
  --consumer SPEC  queue=Q,prefetch=N,ack=manual|auto,work=200ms (or 100-300ms, random),
                   nack=0.1,reject=0.1 (chances),requeue,priority=N,exclusive
  --every S        print the counts every S seconds (default 5)
`;

const line = (c: SimulatedClient): string => {
  const k = c.counts;
  const what = c.kind === 'producer' ? `published ${k.published}${k.returned ? `, returned ${k.returned}` : ''}` : `received ${k.received}, acked ${k.acked}, nacked ${k.nacked}, rejected ${k.rejected}`;
  return `${c.name} (${c.state}${c.error ? `: ${c.error}` : ''}): ${what}\n`;
};

export async function simulateCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never, onStop: (stop: () => Promise<void>) => void): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true,
      options: {
        url: { type: 'string', default: 'http://guest:guest@127.0.0.1:15672' }, vhost: { type: 'string', default: '/' },
        producer: { type: 'string', multiple: true, default: [] }, consumer: { type: 'string', multiple: true, default: [] },
        every: { type: 'string', default: '5' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${SIMULATE_USAGE}`);
  }
  const specs: SimulatedSpec[] = [];
  try {
    for (const p of values.producer!) specs.push({ kind: 'producer', spec: parseProducer(p, values.vhost!) });
    for (const c of values.consumer!) specs.push({ kind: 'consumer', spec: parseConsumer(c, values.vhost!) });
  } catch (err) {
    if (err instanceof SpecError) fail(err.message);
    throw err;
  }
  if (specs.length === 0) fail(`nothing to simulate: give --producer or --consumer\n${SIMULATE_USAGE}`);
  const every = Number(values.every);
  if (!Number.isFinite(every) || every <= 0) fail(`--every must be a number of seconds, got '${values.every}'`);
  let target;
  try { target = targetFromUrl(values.url!); } catch (err) { fail(`--url: ${(err as Error).message}`); }
  const client = new ManagementClient(target);
  let amqpUrl: string;
  /** each vhost's sandbox clock (Warren's warren_clock_scale; 1 on RabbitMQ), read once at start */
  const clocks = new Map<string, number>();
  try {
    const overview = await client.get<{ listeners?: Array<{ protocol: string; port: number }> }>('/api/overview');
    const port = overview.listeners?.find((l) => l.protocol === 'amqp')?.port;
    if (!port) fail(`the broker at ${client.where} lists no AMQP listener`);
    amqpUrl = `amqp://${client.base.hostname.includes(':') ? `[${client.base.hostname}]` : client.base.hostname}:${port}`;
    for (const vhost of new Set(specs.map((s) => s.spec.vhost))) {
      const scale = await clockScaleOf(client, vhost);
      clocks.set(vhost, scale);
      if (scale !== 1) out(`vhost ${vhost} runs its clock ×${scale}: consumers' work times run ${scale} times faster\n`);
    }
  } catch (err) {
    fail(err instanceof RemoteError ? err.message : String(err));
  } finally {
    client.close();
  }
  const sim = new Simulation({ target: () => ({ amqpUrl, user: target.user, password: target.password }), clockScale: (v) => clocks.get(v) ?? 1 });
  onStop(() => sim.stopAll());
  for (const s of specs) {
    const c = await sim.add(s);
    out(`started ${c.name}${c.state === 'failed' ? ` but it failed: ${c.error}` : ''}\n`);
  }
  const timer = setInterval(() => { for (const c of sim.list()) out(line(c)); }, every * 1000);
  onStop(async () => { clearInterval(timer); for (const c of sim.list()) out(line(c)); });
}

/** A vhost's sandbox clock scale: Warren's warren_clock_scale (10 or 60), else 1 (RabbitMQ has
 *  none; a vhost that is not there fails later, when the clients connect, with the broker's word). */
async function clockScaleOf(client: ManagementClient, vhost: string): Promise<number> {
  try {
    const v = await client.get<{ warren_clock_scale?: unknown }>(`/api/vhosts/${encodeURIComponent(vhost)}`);
    return v.warren_clock_scale === 10 || v.warren_clock_scale === 60 ? v.warren_clock_scale : 1;
  } catch (err) {
    if (err instanceof RemoteError && err.status === 404) return 1;
    throw err;
  }
}
