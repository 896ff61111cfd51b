// The broker's V8 flags in the Electron shell. Electron applies --js-flags to its main process (where
// the broker runs) only when they are on its command line at launch; app.commandLine.appendSwitch
// reaches only the renderers. `npm start` passes them; a launch from the desktop icon (macOS,
// Windows, an AppImage run by hand) starts again once with them, as `warren serve` starts its child.
import { BROKER_NODE_FLAGS } from '../../bin/broker-flags.js';

/** Set in the relaunched instance: it never relaunches again, should Electron drop the switch. */
export const RELAUNCHED_ENV = 'WARREN_JS_FLAGS_RELAUNCHED';

/** The --js-flags value to relaunch with, given the one this process got ('' for none), or null
 *  when it already has every broker flag. */
export function jsFlagsToAdd(current: string): string | null {
  const have = current.split(/\s+/).filter(Boolean);
  const missing = BROKER_NODE_FLAGS.filter((f) => !have.includes(f));
  return missing.length === 0 ? null : [...have, ...missing].join(' ');
}
