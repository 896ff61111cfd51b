// Every lesson completed by its own shown code alone, in pika and in amqplib, against a real
// `warren serve`: each step's code is run as a learner runs it (a consumer that runs until
// interrupted is left running, as in a second terminal, and stopped when the lesson ends or a
// later step says to stop it), and the broker's check of that step must pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonCheck, LessonStep } from '../../shared/model/lessons';
import { LESSONS } from '../../shared/lessons/catalog';
import { stepCode } from '../../shared/codegen/lesson-code';
import { startStepCode, type RunningCode } from '../test-support/step-code';
import { pollUntil, within } from '../test-support/wait';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { openWindowClient, type WindowClient } from '../test-support/window-client';

/** The step's code runs until interrupted (a consumer without a stop, the RPC server), as in a
 *  second terminal; every other step's code ends by itself. */
const endless = (step: LessonStep): boolean => step.actions.some((a) => (a.do === 'consume' && a.stopAfter === undefined) || a.do === 'rpc-server');

describe('every lesson, by its own code', () => {
  let warren: WarrenProcess;
  let w: WindowClient;
  let url: string;
  beforeAll(async () => {
    warren = await spawnWarren(['--in-memory', '--port', '0', '--ui-port', '0', '--host', '127.0.0.1', '--log-level', 'warn'], { ui: true });
    w = await openWindowClient(warren.uiUrl!, 'guest', 'guest');
    url = `amqp://guest:guest@127.0.0.1:${warren.amqpPort}/lessons`;
  }, 30_000);
  afterAll(async () => {
    await w?.close();
    await warren?.stop();
  });

  for (const lang of ['pika', 'amqplib'] as const) {
    for (const lesson of LESSONS) {
      it(`${lesson.id} (${lang})`, async () => {
        await w.value('startLesson', { id: lesson.id });
        const running: RunningCode[] = [];
        try {
          for (let i = 0; i < lesson.steps.length; i++) {
            // a consumer that holds its messages is stopped before the next step (its text says so)
            if (i > 0 && lesson.steps[i - 1].actions.some((a) => a.do === 'consume' && a.hold)) await running.pop()!.stop();
            const step = lesson.steps[i];
            if (step.check.kind === 'queue' && step.check.declaredPassively) {
              // a passive declare leaves nothing else behind: only the code's own declare passes it
              expect((await w.value<LessonCheck>('checkLesson', { id: lesson.id })).steps[i].missing).toMatch(/^no passive declare of queue/);
            }
            const r = startStepCode(lang, stepCode(lesson, i, lang), url);
            running.push(r);
            const c = await pollUntil(() => w.value<LessonCheck>('checkLesson', { id: lesson.id }), (v) => v.steps[i].passed || r.process.exitCode !== null && r.process.exitCode !== 0, { ms: 20_000, stepMs: 100, what: `${lesson.id} step ${i + 1}` })
              .catch(() => null);
            expect(c?.steps[i], `step ${i + 1} "${lesson.steps[i].title}": ${r.output()}`).toEqual({ passed: true, missing: '' });
            // code that ends by itself is let end, as a learner would, before the next step (none is
            // interrupted while Python is still importing)
            if (!endless(lesson.steps[i])) expect(await within(r.exited, 20_000, `step ${i + 1}'s code to end`), r.output()).toBe(0);
          }
        } finally {
          for (const r of running) await r.stop();
        }
        // what exited by itself exited cleanly
        for (const r of running) expect(await r.exited, r.output()).not.toBe(1);
      }, 60_000);
    }
  }
});
