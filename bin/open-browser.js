// Opens a URL in the user's default browser (npm start without Electron): xdg-open, open or start.
// Where none is installed it says so, and the address printed above is the way in.
import { spawn } from 'node:child_process';

const OPENERS = {
  darwin: ['open', []],
  win32: ['cmd', ['/c', 'start', '""']],
};

export function openBrowser(url) {
  const [cmd, pre] = OPENERS[process.platform] ?? ['xdg-open', []];
  const child = spawn(cmd, [...pre, url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`Warren: could not open a browser (${cmd} is not available); open ${url} yourself.`));
  child.unref();
}

/** Passes a child's stdout through and calls `onUrl` once with the "Warren UI: URL" it prints. */
export function watchForUi(stream, onUrl) {
  let seen = '';
  let done = false;
  stream.setEncoding('utf8');
  stream.on('data', (text) => {
    process.stdout.write(text);
    if (done) return;
    seen += text;
    const m = /Warren UI: (\S+)/.exec(seen);
    if (m) { done = true; onUrl(m[1]); }
  });
}
