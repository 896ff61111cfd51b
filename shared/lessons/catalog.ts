// Every built-in lesson, in the order the Lessons tool lists them: the tutorials, then the features.
import type { Lesson, LessonSummary } from '../model/lessons';
import { FEATURE_LESSONS } from './features';
import { TUTORIALS } from './tutorials';

export const LESSONS: readonly Lesson[] = [...TUTORIALS, ...FEATURE_LESSONS];

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);

export const lessonSummary = (l: Lesson): LessonSummary => ({ id: l.id, title: l.title, text: l.text, steps: l.steps.length, clockScale: l.clockScale ?? 1 });
