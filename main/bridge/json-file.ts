// A small JSON settings file: read whole, written whole through a temporary file and a rename
// (a crash never leaves half a file), writes serialised so the last one wins, in order.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class JsonFile {
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string, name: string) {
    this.file = join(dir, name);
  }

  /** The parsed content; null when the file is missing or unreadable. */
  async read(): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as unknown;
    } catch {
      return null;
    }
  }

  write(value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    this.writing = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}
