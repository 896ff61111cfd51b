// Node positions the user dragged, per vhost, in one JSON file in the settings directory.
// Writes go through a temporary file and a rename, so a crash never leaves half a file.
import type { Layout } from '../../shared/ipc/contract';
import { JsonFile } from './json-file';

export interface LayoutStore {
  get(vhost: string): Promise<Layout>;
  save(vhost: string, positions: Layout): Promise<void>;
}

type FileShape = { version: 1; vhosts: Record<string, Layout> };

export class FileLayoutStore implements LayoutStore {
  private readonly json: JsonFile;
  private data: FileShape | null = null;

  constructor(readonly dir: string) {
    this.json = new JsonFile(dir, 'warren-layout.json');
  }

  get file(): string { return this.json.file; }

  private async load(): Promise<FileShape> {
    if (this.data) return this.data;
    // missing or unreadable: start afresh
    const parsed = (await this.json.read()) as Partial<FileShape> | null;
    this.data = { version: 1, vhosts: parsed && typeof parsed.vhosts === 'object' && parsed.vhosts ? parsed.vhosts : {} };
    return this.data;
  }

  async get(vhost: string): Promise<Layout> {
    const d = await this.load();
    return Object.prototype.hasOwnProperty.call(d.vhosts, vhost) ? { ...d.vhosts[vhost] } : {};
  }

  async save(vhost: string, positions: Layout): Promise<void> {
    const d = await this.load();
    d.vhosts[vhost] = { ...positions };
    return this.json.write(d);
  }
}

export class MemoryLayoutStore implements LayoutStore {
  private readonly m = new Map<string, Layout>();
  async get(vhost: string): Promise<Layout> { return { ...(this.m.get(vhost) ?? {}) }; }
  async save(vhost: string, positions: Layout): Promise<void> { this.m.set(vhost, { ...positions }); }
}
