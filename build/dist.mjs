// `npm run dist`: the desktop installers for the OS this runs on (Linux: AppImage and deb, macOS:
// dmg, Windows: nsis), built by electron-builder from electron-builder.json into out/installers.
// electron-builder packs the Electron binary the optional electron package downloaded; where there
// is none (its download failed or was skipped) or the OS has no installer here, it says so in one
// line and exits 1.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../bin/electron-binary.js';

const TARGETS = { linux: '--linux', darwin: '--mac', win32: '--win' };

/** Why the installers cannot be built here, or null when they can. */
export function cannotBuild(platform = process.platform, binary = electronBinary()) {
  if (!(platform in TARGETS)) return `Warren's installers are for Linux, macOS and Windows, not ${platform}`;
  if (!binary) return "no Electron binary is installed (the optional electron package's download failed or was skipped; `npm install electron` where it can be downloaded)";
  return null;
}

function run(command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = cannotBuild();
  if (why) {
    console.error(`npm run dist: cannot build the desktop installers here: ${why}.`);
    process.exit(1);
  }
  run(process.execPath, ['build/build.mjs', '--release']);
  const builder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
  run(process.execPath, [builder, '--config', 'electron-builder.json', TARGETS[process.platform], '--publish', 'never']);
}
