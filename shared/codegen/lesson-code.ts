// The code shown for a lesson step, generated from its actions: pika and amqplib, connecting to
// the broker AMQP_URL names (by default the lessons vhost on localhost).
import { LESSONS_URL, type Lesson } from '../model/lessons';
import { lessonAmqplib } from './lesson-amqplib';
import { lessonPika } from './lesson-pika';

export const LESSON_LANGUAGES = ['pika', 'amqplib'] as const;
export type LessonLanguage = (typeof LESSON_LANGUAGES)[number];

export function stepCode(lesson: Lesson, step: number, lang: LessonLanguage, url = LESSONS_URL): string {
  const s = lesson.steps[step];
  const title = `${lesson.title}, step ${step + 1}: ${s.title}`;
  return lang === 'pika' ? lessonPika(s.actions, url, title) : lessonAmqplib(s.actions, url, title);
}
