// Types of broker-flags.js for the TypeScript code that reads them.
export const BROKER_NODE_FLAGS: readonly string[];
