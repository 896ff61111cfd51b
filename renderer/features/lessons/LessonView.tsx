// One lesson: its text, then its steps with the broker's live verdict (re-checked every second
// while open, and on demand), each step's hint on request and its code.
import { useCallback, useEffect, useState } from 'react';
import type { LessonLanguage } from '../../../shared/codegen/lesson-code';
import type { Lesson, LessonCheck } from '../../../shared/model/lessons';
import { useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { StepCode } from './StepCode';

export const RECHECK_MS = 1000;

export function LessonView({ lesson, check, setCheck, onBack, onRestart }: {
  lesson: Lesson; check: LessonCheck | null; setCheck(c: LessonCheck): void; onBack(): void; onRestart(): void;
}) {
  const invoke = useWarren((s) => s.invoke);
  const [error, setError] = useState<string | null>(null);
  const [hints, setHints] = useState<ReadonlySet<number>>(new Set());
  const [codeOpen, setCodeOpen] = useState<ReadonlySet<number>>(new Set());
  const [lang, setLang] = useState<LessonLanguage>('pika');

  const recheck = useCallback(async (): Promise<void> => {
    const r = await invoke('checkLesson', { id: lesson.id });
    if (r.ok) { setCheck(r.value); setError(null); } else setError(describeError(r.error));
  }, [invoke, lesson.id, setCheck]);
  useEffect(() => {
    const t = setInterval(() => void recheck(), RECHECK_MS);
    return () => clearInterval(t);
  }, [recheck]);

  const toggle = (set: ReadonlySet<number>, i: number): Set<number> => {
    const n = new Set(set);
    if (!n.delete(i)) n.add(i);
    return n;
  };
  const done = check?.steps.filter((s) => s.passed).length ?? 0;

  return (
    <div className="lesson-view">
      <div className="row">
        <button onClick={onBack}>← All lessons</button>
        <b>{lesson.title}</b>
        <span className="muted" aria-label="steps passing">{done}/{lesson.steps.length}</span>
        <button onClick={() => void recheck()}>Check now</button>
        <button onClick={onRestart} title="delete everything in vhost lessons and start this lesson afresh">Start over</button>
        {lesson.clockScale && lesson.clockScale > 1 && <span className="muted">clock ×{lesson.clockScale}</span>}
      </div>
      <p>{lesson.text}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      <ol className="lesson-steps">
        {lesson.steps.map((s, i) => {
          const v = check?.steps[i];
          return (
            <li key={i} className={`lesson-step ${v?.passed ? 'passed' : ''}`} aria-label={`step ${i + 1}`}>
              <div className="row">
                <span className="verdict" aria-label={v?.passed ? 'passed' : 'not yet'}>{v?.passed ? '✓' : '✗'}</span>
                <b>{s.title}</b>
                <button onClick={() => setHints(toggle(hints, i))} aria-expanded={hints.has(i)}>Hint</button>
                <button onClick={() => setCodeOpen(toggle(codeOpen, i))} aria-expanded={codeOpen.has(i)}>Code</button>
              </div>
              <p>{s.text}</p>
              {v && !v.passed && <p className="muted missing">{v.missing}</p>}
              {hints.has(i) && <p className="hint" role="note">{s.hint}</p>}
              {codeOpen.has(i) && <StepCode lesson={lesson} step={i} lang={lang} setLang={setLang} />}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
