// The machine's ceiling for scenario 9: the same publish bytes, written by the same generator, pass
// through a relay that does no protocol work at all (no parsing, no routing, no queue) on their way
// to a reader like the consumer. No broker can move these bytes faster on this machine than the
// fastest such relay, so this bounds what "2× RabbitMQ" can mean here.
//   node:  a Node process reading through Warren's own read buffers (read-buffers.ts) and writing each
//          chunk straight out: the floor of Warren's design, with nothing of AMQP left.
//   socat: Debian's socat with a 1 MiB buffer (read/write in C), when it is installed.
import net from 'node:net';
import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { ReadBuffers, readThroughBuffers } from '../amqp/server/read-buffers';
import { buildBatches } from './publisher';
import { cpuSnap, cpuDelta } from './proc-stats';
import { sleep } from './scenarios/types';

export const RELAY_CHILD_FLAG = '--relay-child';
const SOCAT = '/usr/bin/socat';
const READ_BUFFER_SIZE = 1024 * 1024;

export type RelayKind = 'node' | 'socat';

export function relayKinds(): RelayKind[] {
  return fs.existsSync(SOCAT) ? ['node', 'socat'] : ['node'];
}

/** The child side of the node relay: the first connection is the reader, the second the writer. */
export function runRelayChild(): void {
  let sink: net.Socket | null = null;
  const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (raw) => {
    if (!sink) { sink = raw; return; }
    const out = sink;
    const reads = new ReadBuffers();
    reads.largeBodies = true; // what Warren's connection says while 1 MiB bodies arrive
    const src: net.Socket = readThroughBuffers(raw, reads, (chunk) => {
      if (!out.write(chunk)) { src.pause(); out.once('drain', () => src.resume()); }
    });
    src.on('close', () => process.exit(0));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as net.AddressInfo).port}\n`));
}

export interface CeilingResult { mbps: number; relayCores: number; genCores: number }
export interface CeilingRun { relay: RelayKind; round: number; result?: CeilingResult; error?: string }

/** `rounds` measurements of every relay available, logged as they finish. */
export async function relayCeilings(opts: { warmupS: number; durationS: number }, rounds: number, log: (s: string) => void): Promise<CeilingRun[]> {
  const runs: CeilingRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const relay of relayKinds()) {
      const run: CeilingRun = { relay, round };
      try {
        const r = run.result = await measureCeiling(relay, opts);
        log(`[relay:${relay}] #9 ceiling r${round}: ${r.mbps.toFixed(0)} MB/s | relay ${r.relayCores.toFixed(2)} cores | gen ${r.genCores.toFixed(2)} cores`);
      } catch (e) {
        run.error = (e as Error).message;
        log(`[relay:${relay}] #9 ceiling r${round}: failed: ${run.error}`);
      }
      runs.push(run);
    }
  }
  return runs;
}

export async function measureCeiling(kind: RelayKind, opts: { warmupS: number; durationS: number }): Promise<CeilingResult> {
  const { child, ports } = await startRelay(kind);
  const sockets: net.Socket[] = [];
  try {
    // reader first (the relay's first accept / socat's first address), then the writer
    let received = 0;
    const reader = await connect(ports[0], (n) => { received += n; });
    sockets.push(reader);
    const writer = await connect(ports[1], () => {});
    sockets.push(writer);

    const batches = buildBatches({ templates: [{ exchange: '', routingKey: 'bench-s9' }], bodySize: 1024 * 1024, frameMax: 131072 });
    const perMessage = batches[0].buf.length / batches[0].count;
    let stop = false, bi = 0;
    const pump = (): void => {
      while (!stop && writer.write(batches[bi].buf)) bi = (bi + 1) % batches.length;
    };
    writer.on('drain', pump);
    pump();

    await sleep(opts.warmupS * 1000);
    const b0 = received, c0 = cpuSnap([child.pid!]);
    await sleep(opts.durationS * 1000);
    const b1 = received, c1 = cpuSnap([child.pid!]);
    stop = true;
    const d = cpuDelta(c0, c1);
    return { mbps: ((b1 - b0) / perMessage) * 1024 * 1024 / 1e6 / d.wall, relayCores: d.broker, genCores: d.gen };
  } finally {
    for (const s of sockets) s.destroy();
    child.kill();
  }
}

/** Connects, retrying while nothing listens yet (socat opens its second port only after its first
 *  connection, and must not be probed: it accepts exactly one connection per address). */
async function connect(port: number, onBytes: (n: number) => void): Promise<net.Socket> {
  for (let i = 0; ; i++) {
    try {
      return await connectOnce(port, onBytes);
    } catch (e) {
      if (i >= 100 || (e as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw e;
      await sleep(20);
    }
  }
}

function connectOnce(port: number, onBytes: (n: number) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({
      host: '127.0.0.1', port,
      onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_SIZE), callback: (n: number) => { onBytes(n); return true; } },
    });
    s.setNoDelay(true);
    s.once('connect', () => { s.off('error', reject); s.on('error', () => {}); resolve(s); });
    s.once('error', reject);
  });
}

async function startRelay(kind: RelayKind): Promise<{ child: ChildProcess; ports: [number, number] }> {
  if (kind === 'node') {
    const child = spawn(process.execPath, [process.argv[1], RELAY_CHILD_FLAG], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(Number(/port (\d+)/.exec(d.toString())?.[1])));
      child.once('exit', (code) => reject(new Error(`relay exited (${code})`)));
    });
    return { child, ports: [port, port] };
  }
  const [a, b] = [await freePort(), await freePort()];
  const child = spawn(SOCAT, ['-b', String(READ_BUFFER_SIZE),
    `TCP-LISTEN:${a},bind=127.0.0.1,reuseaddr,nodelay`, `TCP-LISTEN:${b},bind=127.0.0.1,reuseaddr,nodelay`], { stdio: 'ignore' });
  return { child, ports: [a, b] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
  });
}
