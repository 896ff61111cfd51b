// main/app/electron-api.d.ts stands in for Electron's declarations so that the typecheck does not
// depend on the optional package. Where Electron is installed, the shell must also compile
// against Electron's own declarations: a drift in the stand-in fails here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const installed = existsSync(`${root}node_modules/electron/electron.d.ts`);

describe("the Electron shell's types", () => {
  it.skipIf(!installed)(`compile against Electron's own declarations${installed ? '' : ' (skipped: the optional electron package is not installed)'}`, () => {
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    const out = (() => {
      try { return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.electron.json'], { cwd: root, encoding: 'utf8' }); }
      catch (e) { return String((e as { stdout?: string }).stdout ?? e); }
    })();
    expect(out).toBe('');
  }, 60_000);
});
