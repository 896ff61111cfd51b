// The lesson commands through the browser UI's WebSocket, as the window uses them, against a real
// `warren serve`: the sandbox reset on start, every step checked live, the shown pika and amqplib
// code of lessons 1 and 5 run with python3 and node until each step passes, progress kept across a
// restart, and the welcome answered once per data directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonCheck, LessonProgress, LessonSummary } from '../../shared/model/lessons';
import { lessonById } from '../../shared/lessons/catalog';
import { stepCode } from '../../shared/codegen/lesson-code';
import type { TopologySnapshot } from '../../shared/ipc/contract';
import type { VhostRow } from '../../shared/model/admin';
import type { SimulatedClient } from '../../shared/model/simulate';
import { pollUntil } from '../test-support/wait';
import { runStepCode, type StepLanguage } from '../test-support/step-code';
import { useTempDirs } from '../test-support/tmp-dir';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { openWindowClient, type WindowClient } from '../test-support/window-client';

const tempDir = useTempDirs('lessons', { keep: 'file' });

async function serve(dataDir: string, settings: string): Promise<{ warren: WarrenProcess; w: WindowClient }> {
  const warren = await spawnWarren(['--data-dir', dataDir, '--port', '0', '--ui-port', '0', '--host', '127.0.0.1', '--settings-dir', settings, '--log-level', 'warn'], { ui: true });
  return { warren, w: await openWindowClient(warren.uiUrl!, 'guest', 'guest') };
}

describe('lessons in the embedded broker', () => {
  let warren: WarrenProcess;
  let w: WindowClient;
  let dataDir: string;
  let settings: string;
  let url: string;
  beforeAll(async () => {
    dataDir = tempDir();
    settings = tempDir();
    ({ warren, w } = await serve(dataDir, settings));
    url = `amqp://guest:guest@127.0.0.1:${warren.amqpPort}/lessons`;
  }, 30_000);
  afterAll(async () => {
    await w?.close();
    await warren?.stop();
  });

  it('lists the lessons; an unknown one is NOT_FOUND', async () => {
    const { lessons } = await w.value<{ lessons: LessonSummary[] }>('listLessons', {});
    expect(lessons.map((l) => l.id)).toContain('hello-world');
    expect(lessons.find((l) => l.id === 'ttl-dead-lettering')?.clockScale).toBe(10);
    expect(await w.invoke('startLesson', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "no lesson 'nope'" } });
    expect(await w.invoke('checkLesson', { id: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('resets the sandbox on start: what was there goes, the starting topology comes', async () => {
    await w.value('startLesson', { id: 'hello-world' });
    await w.value('declareQueue', { vhost: 'lessons', name: 'leftover', durable: false, exclusive: false, autoDelete: false });
    const c = await w.value<LessonCheck>('startLesson', { id: 'acks-prefetch' });
    expect(c.steps[0]).toEqual({ passed: false, missing: 'queue jobs: messages enqueued 0 of at least 10' });
    const snap = await w.value<TopologySnapshot>('getSnapshot', { vhost: 'lessons' });
    expect(snap.queues.map((q) => q.name)).toEqual(['jobs']);
  });

  it('runs the sandbox clock at the lesson\'s scale: ×10 for TTL and dead-lettering, real time for the others', async () => {
    const clock = async (): Promise<number | undefined> => (await w.value<VhostRow[]>('listVhosts', {})).find((v) => v.name === 'lessons')?.clockScale;
    await w.value('startLesson', { id: 'ttl-dead-lettering' });
    expect(await clock()).toBe(10);
    await w.value('startLesson', { id: 'hello-world' });
    expect(await clock()).toBe(1);
  });

  for (const [id, lang] of [['hello-world', 'pika'], ['hello-world', 'amqplib'], ['topics', 'pika'], ['topics', 'amqplib']] as const) {
    it(`${id}: each step's ${lang} code, run as shown, makes that step pass`, async () => {
      const lesson = lessonById(id)!;
      const start = await w.value<LessonCheck>('startLesson', { id });
      expect(start.steps.every((s) => !s.passed)).toBe(true);
      expect(start.steps[0].missing).toMatch(/^there is no (queue hello|exchange topic_logs)$/);
      for (let i = 0; i < lesson.steps.length; i++) {
        const r = await runStepCode(lang as StepLanguage, stepCode(lesson, i, lang), url);
        expect(r, `step ${i + 1}`).toMatchObject({ code: 0 });
        const c = await w.value<LessonCheck>('checkLesson', { id });
        expect(c.steps[i], `step ${i + 1}: ${r.output}`).toEqual({ passed: true, missing: '' });
      }
    }, 90_000);
  }

  it('remembers completed steps across a restart, and the welcome once answered', async () => {
    expect(await w.value('getWelcome', {})).toEqual({ show: true });
    await w.value('dismissWelcome', { choice: 'empty' });
    const before = await w.value<{ progress: LessonProgress }>('listLessons', {});
    expect(before.progress['hello-world']).toEqual([0, 1, 2]);
    await w.close();
    await warren.stop();
    ({ warren, w } = await serve(dataDir, settings));
    const after = await w.value<{ progress: LessonProgress }>('listLessons', {});
    expect(after.progress).toEqual(before.progress);
    expect(await w.value('getWelcome', {})).toEqual({ show: false });
  }, 30_000);

  it('loads the demo into the vhost demo with simulated traffic; a user that is no administrator may not', async () => {
    expect(await w.value('loadDemo', {})).toEqual({ vhost: 'demo' });
    const snap = await w.value<TopologySnapshot>('getSnapshot', { vhost: 'demo' });
    expect(snap.exchanges.filter((x) => !x.name.startsWith('amq.') && x.name !== '').map((x) => `${x.name}:${x.type}`).sort()).toEqual(['shop.dlx:fanout', 'shop:topic']);
    expect(snap.queues.map((q) => q.name).sort()).toEqual(['audit', 'orders', 'payments', 'shop.dead-letters']);
    // its traffic: a producer and three consumers, running, and messages worked through
    const sims = async (): Promise<SimulatedClient[]> => (await w.value<SimulatedClient[]>('listSimulated', {})).filter((c) => c.spec.vhost === 'demo');
    expect((await sims()).map((c) => `${c.kind}:${c.state}`).sort()).toEqual(['consumer:running', 'consumer:running', 'consumer:running', 'producer:running']);
    await pollUntil(sims, (cs) => cs.filter((c) => c.kind === 'consumer').every((c) => c.counts.received > 0), { what: 'each demo consumer to receive', ms: 15_000 });
    expect(await w.value('loadDemo', {})).toEqual({ vhost: 'demo' }); // again: nothing changes
    expect(await sims()).toHaveLength(4);
    await w.value('putUser', { name: 'learner', password: 'pw', tags: ['management'] });
    const l = await openWindowClient(warren.uiUrl!, 'learner', 'pw');
    try {
      expect(await l.invoke('loadDemo', {})).toMatchObject({ ok: false, error: { code: 'ACCESS_REFUSED' } });
      // a learner may start a lesson: the sandbox is made for it, with its permissions
      await l.value('startLesson', { id: 'hello-world' });
      await l.value('declareQueue', { vhost: 'lessons', name: 'hello', durable: false, exclusive: false, autoDelete: false });
      expect((await l.value<LessonCheck>('checkLesson', { id: 'hello-world' })).steps[0].passed).toBe(true);
    } finally {
      await l.close();
    }
  }, 30_000);
});
