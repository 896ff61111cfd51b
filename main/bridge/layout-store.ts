// Node positions the user dragged, per vhost, in one JSON file in the settings directory.
// Writes go through a temporary file and a rename, so a crash never leaves half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layout } from '../../shared/ipc/contract';

export interface LayoutStore {
  get(vhost: string): Promise<Layout>;
  save(vhost: string, positions: Layout): Promise<void>;
}

type FileShape = { version: 1; vhosts: Record<string, Layout> };

export class FileLayoutStore implements LayoutStore {
  readonly file: string;
  private data: FileShape | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.file = join(dir, 'warren-layout.json');
  }

  private async load(): Promise<FileShape> {
    if (this.data) return this.data;
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<FileShape>;
      this.data = { version: 1, vhosts: parsed && typeof parsed.vhosts === 'object' && parsed.vhosts ? parsed.vhosts : {} };
    } catch {
      this.data = { version: 1, vhosts: {} }; // missing or unreadable: start afresh
    }
    return this.data;
  }

  async get(vhost: string): Promise<Layout> {
    const d = await this.load();
    return Object.prototype.hasOwnProperty.call(d.vhosts, vhost) ? { ...d.vhosts[vhost] } : {};
  }

  async save(vhost: string, positions: Layout): Promise<void> {
    const d = await this.load();
    d.vhosts[vhost] = { ...positions };
    const text = JSON.stringify(d);
    // Serialise writes: the last save wins, in order.
    this.writing = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}

export class MemoryLayoutStore implements LayoutStore {
  private readonly m = new Map<string, Layout>();
  async get(vhost: string): Promise<Layout> { return { ...(this.m.get(vhost) ?? {}) }; }
  async save(vhost: string, positions: Layout): Promise<void> { this.m.set(vhost, { ...positions }); }
}
