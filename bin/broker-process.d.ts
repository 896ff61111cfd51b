// Types of broker-process.js for the TypeScript tests that read its flags.
export { BROKER_NODE_FLAGS } from './broker-flags.js';
export const CLI: string;
export function hasBrokerFlags(): boolean;
export function runBrokerProcess(args: string[], opts?: { pipeStdout?: boolean }): import('node:child_process').ChildProcess;
export function forwardSignals(child: import('node:child_process').ChildProcess): void;
