// The lessons' commands on the embedded broker: list with progress, start (reset the sandbox),
// check every step live; and the first-run welcome and its demo.
import type { CommandName, Req, Res } from '../../shared/ipc/contract';
import { LESSONS_VHOST, type Lesson, type LessonCheck } from '../../shared/model/lessons';
import { LESSONS, lessonById, lessonSummary } from '../../shared/lessons/catalog';
import type { Broker } from '../broker/broker';
import { NotFound } from '../bridge/not-found';
import type { Principal } from '../bridge/command-access';
import { checkStep } from './check-step';
import { loadDemo } from './demo';
import type { Simulation } from '../simulate/simulation';
import type { LessonStateStore } from './lesson-state';
import { resetSandbox } from './sandbox';

type LessonCommand = 'listLessons' | 'startLesson' | 'checkLesson' | 'getWelcome' | 'dismissWelcome' | 'loadDemo';
type Some<K extends CommandName> = { [P in K]: (req: Req<P>, principal: Principal | null) => Res<P> | Promise<Res<P>> };

export interface LessonDeps {
  broker: Broker;
  state: LessonStateStore;
  /** the window's simulated clients, the demo's traffic (null: the demo is topology only) */
  simulation?: Simulation | null;
}

/** who learns: the UI's user, and guest (whom step code logs in as) */
const learners = (p: Principal | null): (string | null)[] => [p?.user ?? null, 'guest'];

export function createLessonHandlers({ broker, state, simulation = null }: LessonDeps): Some<LessonCommand> {
  /** the lesson the sandbox was last reset for: opening it again keeps the learner's work */
  let current: string | null = null;
  const lesson = (id: string): Lesson => {
    const l = lessonById(id);
    if (!l) throw new NotFound(`no lesson '${id}'`);
    return l;
  };

  const check = async (l: Lesson): Promise<LessonCheck> => {
    const v = broker.vhost(LESSONS_VHOST);
    const steps = l.steps.map((s) => (v ? checkStep(v, s.check) : { passed: false, missing: `there is no vhost ${LESSONS_VHOST}: start the lesson` }));
    const passing = steps.flatMap((s, i) => (s.passed ? [i] : []));
    let { progress } = await state.get();
    const known = new Set(progress[l.id] ?? []);
    if (passing.some((i) => !known.has(i))) {
      ({ progress } = await state.update((s) => { s.progress[l.id] = [...new Set([...(s.progress[l.id] ?? []), ...passing])].sort((a, b) => a - b); }));
    }
    return { lesson: l.id, steps, completed: progress[l.id] ?? [] };
  };

  return {
    listLessons: async () => ({ lessons: LESSONS.map(lessonSummary), progress: (await state.get()).progress, current: broker.vhost(LESSONS_VHOST) ? current : null }),
    startLesson: ({ id }, principal) => {
      const l = lesson(id);
      resetSandbox(broker, LESSONS_VHOST, l.start, l.clockScale ?? 1, learners(principal));
      current = l.id;
      return check(l);
    },
    checkLesson: ({ id }) => check(lesson(id)),
    getWelcome: async () => ({ show: !(await state.get()).welcomed }),
    dismissWelcome: async () => { await state.update((s) => { s.welcomed = true; }); return null; },
    loadDemo: async (_req, principal) => ({ vhost: await loadDemo(broker, learners(principal), simulation) }),
  };
}
