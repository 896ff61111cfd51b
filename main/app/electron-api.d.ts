// The part of Electron's API that main/app and main/preload use, declared here so that type
// checking never depends on whether the optional `electron` package installed: npm removes it
// when its binary cannot be downloaded, and `npm ci && npm test` must pass either way.
// tsconfig.json maps `electron` to this file; tsconfig.electron.json checks the same code against
// Electron's own declarations where the package is installed (main/app/electron-api.test.ts).
// Add to it only what the shell really calls.

export interface IpcMainInvokeEvent { readonly sender: WebContents }
export interface IpcMainEvent { readonly sender: WebContents }
export interface IpcRendererEvent { readonly sender: unknown }

export interface WebContents {
  readonly id: number;
  getURL(): string;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): this;
  on(event: 'will-navigate' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): this;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  webSecurity?: boolean;
  spellcheck?: boolean;
}

export declare class BrowserWindow {
  constructor(options: { width?: number; height?: number; backgroundColor?: string; title?: string; webPreferences?: WebPreferences });
  readonly webContents: WebContents;
  loadFile(path: string): Promise<void>;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  static getAllWindows(): BrowserWindow[];
}

export declare const app: {
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
  on(event: 'window-all-closed' | 'activate', listener: () => void): void;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): void;
  on(event: 'second-instance', listener: () => void): void;
  whenReady(): Promise<void>;
  getPath(name: 'userData' | 'appData' | 'home' | 'temp'): string;
  getVersion(): string;
  requestSingleInstanceLock(): boolean;
  relaunch(options?: { args?: string[]; execPath?: string }): void;
  readonly commandLine: { getSwitchValue(name: string): string };
  quit(): void;
  exit(code?: number): void;
};

export declare const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): void;
};

export declare const session: {
  readonly defaultSession: {
    readonly webRequest: {
      onHeadersReceived(listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void): void;
    };
    setPermissionRequestHandler(handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void): void;
  };
};

export declare const shell: { openExternal(url: string): Promise<void> };
export declare const dialog: { showErrorBox(title: string, content: string): void };

export declare const contextBridge: { exposeInMainWorld(key: string, api: unknown): void };

export declare const ipcRenderer: {
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  send(channel: string, ...args: unknown[]): void;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
};

export declare const safeStorage: {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
};
