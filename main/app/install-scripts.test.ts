// npm 12 runs a dependency's install script only when the root package's allowScripts allows it.
// Every dependency with one is decided here, so the desktop window (electron downloads its binary
// in its install script) still installs where it can, and a new one cannot slip in unreviewed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

describe('allowScripts', () => {
  it('decides every dependency that has an install script, and allows electron\'s', () => {
    const withScripts = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts).toContain('electron');
    expect(Object.keys(pkg.allowScripts ?? {}).sort()).toEqual([...new Set(withScripts)].sort());
    expect(pkg.allowScripts!.electron).toBe(true);
  });
});
