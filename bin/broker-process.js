// How the broker's Node process is started: with V8 flags that Node takes only on its command line
// (not from NODE_OPTIONS, not at run time).
//
// --initial-old-space-size: socket reads land in ArrayBuffers (main/amqp/server/read-buffers.ts).
// Under a stream of large bodies, V8's default heap sizing for a small heap like the broker's runs a
// full mark-compact every 30–40 ms (over 20 a second, about a third of a core) although almost all
// of that memory dies young; with a larger initial old space the young-generation collections free
// it instead. Measured with `npm run bench` scenario 9 (1 MiB bodies): about 1.1 → 1.75 GB/s. It
// sets when full collections start, so garbage can wait longer: 64 MB keeps the RSS of the other
// scenarios where it was (256 MB gained another 5 % on scenario 9 and cost up to 150 MB there).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BROKER_NODE_FLAGS } from './broker-flags.js';

export { BROKER_NODE_FLAGS };

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** True when this process already runs with the broker's flags. */
export function hasBrokerFlags() {
  return BROKER_NODE_FLAGS.every((f) => process.execArgv.includes(f));
}

/** Runs `dist/cli.js ...args` in a child Node process with the broker's flags, forwarding Ctrl-C and
 *  SIGTERM (the broker shuts down gracefully on either, once), and exits with its exit code. */
export function runBrokerProcess(args, { pipeStdout = false } = {}) {
  const child = spawn(process.execPath, [...BROKER_NODE_FLAGS, CLI, ...args], { stdio: ['inherit', pipeStdout ? 'pipe' : 'inherit', 'inherit'] });
  forwardSignals(child);
  return child;
}

export function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
