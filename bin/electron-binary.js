// Where Electron's binary is, if the optional electron package downloaded it (its main export is
// the binary's path; requiring it throws when the download failed or was skipped).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or null where none is installed. */
export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
