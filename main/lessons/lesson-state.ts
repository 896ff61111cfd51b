// What the window remembers about learning, per data directory: the completed steps of each
// lesson and whether the first-run welcome was answered. One small JSON file beside the layout,
// written through a temporary file and a rename; kept in memory for a broker that keeps nothing.
import type { LessonProgress } from '../../shared/model/lessons';
import { JsonFile } from '../bridge/json-file';

export interface LessonState {
  progress: LessonProgress;
  /** the first-run welcome was answered (or dismissed) */
  welcomed: boolean;
}

export interface LessonStateStore {
  get(): Promise<LessonState>;
  update(change: (s: LessonState) => void): Promise<LessonState>;
}

const fresh = (): LessonState => ({ progress: {}, welcomed: false });

function parse(d: Partial<LessonState> | null): LessonState {
  const progress: LessonProgress = {};
  if (d && typeof d.progress === 'object' && d.progress) {
    for (const [id, steps] of Object.entries(d.progress)) {
      if (Array.isArray(steps)) progress[id] = steps.filter((n): n is number => Number.isInteger(n) && n >= 0);
    }
  }
  return { progress, welcomed: d?.welcomed === true };
}

const copy = (s: LessonState): LessonState => ({ welcomed: s.welcomed, progress: Object.fromEntries(Object.entries(s.progress).map(([k, v]) => [k, [...v]])) });

export class FileLessonStateStore implements LessonStateStore {
  private readonly json: JsonFile;
  private data: LessonState | null = null;

  constructor(dir: string) {
    this.json = new JsonFile(dir, 'warren-lessons.json');
  }

  get file(): string { return this.json.file; }

  async get(): Promise<LessonState> {
    // missing or unreadable: start afresh
    this.data ??= parse((await this.json.read()) as Partial<LessonState> | null);
    return copy(this.data);
  }

  async update(change: (s: LessonState) => void): Promise<LessonState> {
    await this.get();
    change(this.data!);
    await this.json.write({ version: 1, ...this.data });
    return copy(this.data!);
  }
}

export class MemoryLessonStateStore implements LessonStateStore {
  private data: LessonState;
  constructor(initial: Partial<LessonState> = {}) { this.data = { ...fresh(), ...initial }; }
  async get(): Promise<LessonState> { return copy(this.data); }
  async update(change: (s: LessonState) => void): Promise<LessonState> { change(this.data); return copy(this.data); }
}
