// The Lessons tool: the built-in lessons (shared/lessons) with their progress; opening one moves
// the window to the sandbox vhost `lessons`, which is reset for the lesson unless it is the one
// already started there (so reopening it keeps the learner's work). The open lesson is the
// store's, so it is still open after a look at the Publish tool.
import { useCallback, useEffect, useState } from 'react';
import type { Res } from '../../../shared/ipc/contract';
import { LESSONS_VHOST, type LessonCheck } from '../../../shared/model/lessons';
import { lessonById } from '../../../shared/lessons/catalog';
import { useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { LessonView } from './LessonView';

export function LessonsTool() {
  const invoke = useWarren((s) => s.invoke);
  const showVhost = useWarren((s) => s.showVhost);
  const [list, setList] = useState<Res<'listLessons'> | null>(null);
  const open = useWarren((s) => s.openLesson);
  const setOpen = useWarren((s) => s.setOpenLesson);
  const [check, setCheck] = useState<LessonCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('listLessons', {});
    if (r.ok) setList(r.value); else setError(describeError(r.error));
    return r.ok ? r.value : null;
  }, [invoke]);
  useEffect(() => { void load(); }, [load]);
  // back from another tool: the open lesson as the broker sees it now (no reset); once, on mount
  const [reopened] = useState(open);
  useEffect(() => {
    if (!reopened) return;
    void invoke('checkLesson', { id: reopened }).then((r) => { if (r.ok) setCheck(r.value); else setError(describeError(r.error)); });
  }, [invoke, reopened]);

  const start = async (id: string, fresh: boolean): Promise<void> => {
    setError(null);
    const r = await invoke(fresh ? 'startLesson' : 'checkLesson', { id });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setCheck(r.value);
    setOpen(id);
    // after a reset the vhost is new: subscribe afresh even when it is the one shown
    showVhost(LESSONS_VHOST);
  };
  const lesson = open ? lessonById(open) : undefined;

  if (lesson) {
    return (
      <div className="tool lessons-tool">
        <LessonView lesson={lesson} check={check} setCheck={setCheck} onRestart={() => void start(lesson.id, true)}
          onBack={() => { setOpen(null); setCheck(null); void load(); }} />
      </div>
    );
  }
  return (
    <div className="tool lessons-tool">
      <div className="lesson-list">
        <p className="muted">Each lesson runs in the vhost <b>{LESSONS_VHOST}</b>, which starting a lesson resets. The broker checks every step itself.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        {!list && !error && <p className="muted">reading the lessons…</p>}
        {list && (
          <ul aria-label="lessons">
            {list.lessons.map((l) => {
              const done = list.progress[l.id]?.length ?? 0;
              return (
                <li key={l.id}>
                  <button className="link" onClick={() => void start(l.id, list.current !== l.id)}>{l.title}</button>
                  {' '}<span className={done === l.steps ? 'done' : 'muted'} aria-label={`${l.title} progress`}>{done === l.steps ? '✓ ' : ''}{done}/{l.steps}</span>
                  <div className="hint">{l.text}</div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
