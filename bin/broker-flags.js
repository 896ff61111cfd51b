// The broker's V8 flags (why: see broker-process.js). A module of its own so the Electron shell,
// bundled as CommonJS, can read them without broker-process.js's path to dist/cli.js.
export const BROKER_NODE_FLAGS = ['--initial-old-space-size=64'];
