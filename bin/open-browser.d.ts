// Types of open-browser.js.
export function openBrowser(url: string): void;
export function watchForUi(stream: NodeJS.ReadableStream & { setEncoding(e: string): unknown }, onUrl: (url: string) => void): void;
