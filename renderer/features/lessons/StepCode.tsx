// A step's code in pika or amqplib (generated from its actions, shared/codegen/lesson-code.ts),
// with a copy button. It connects to AMQP_URL, by default the lessons vhost on localhost.
import { useState } from 'react';
import { LANGUAGE_LABELS } from '../../../shared/codegen/codegen';
import { LESSON_LANGUAGES, stepCode, type LessonLanguage } from '../../../shared/codegen/lesson-code';
import type { Lesson } from '../../../shared/model/lessons';
import { copyText } from '../common/copy-text';

export function StepCode({ lesson, step, lang, setLang }: { lesson: Lesson; step: number; lang: LessonLanguage; setLang(l: LessonLanguage): void }) {
  const [area, setArea] = useState<HTMLTextAreaElement | null>(null);
  const [copied, setCopied] = useState(false);
  const code = stepCode(lesson, step, lang);
  return (
    <div className="step-code">
      <div className="row" role="tablist" aria-label={`step ${step + 1} code language`}>
        {LESSON_LANGUAGES.map((l) => (
          <button key={l} role="tab" aria-selected={lang === l} className={lang === l ? 'primary' : ''} onClick={() => { setLang(l); setCopied(false); }}>{LANGUAGE_LABELS[l]}</button>
        ))}
        <button onClick={() => void copyText(code, area).then(() => setCopied(true))}>Copy</button>
        {copied && <span role="status">Copied</span>}
      </div>
      <textarea ref={setArea} readOnly aria-label={`step ${step + 1} code`} value={code} spellCheck={false} rows={Math.min(18, code.split('\n').length)} />
      <p className="hint">Run it with {lang === 'pika' ? 'python3 (pip install pika)' : 'node (npm install amqplib)'}; set AMQP_URL if the broker is not on localhost:5672.</p>
    </div>
  );
}
