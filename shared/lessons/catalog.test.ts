import { describe, expect, it } from 'vitest';
import type { LessonTopology, StepAction, StepCheck } from '../model/lessons';
import { stepCode } from '../codegen/lesson-code';
import { LESSONS } from './catalog';

/** The queues and exchanges a check names. */
function named(c: StepCheck): { queues: string[]; exchanges: string[] } {
  switch (c.kind) {
    case 'queue': return { queues: [c.name], exchanges: [] };
    case 'exchange': return { queues: [], exchanges: [c.name] };
    case 'binding': return { queues: [c.queue], exchanges: [c.exchange] };
    case 'routes': return { queues: [...(c.reaches ?? []), ...(c.avoids ?? [])], exchanges: [c.exchange] };
    case 'queue-stats': case 'consumers': case 'dead-lettered': return { queues: [c.queue], exchanges: [] };
    case 'vhost-stats': return { queues: [], exchanges: [] };
    case 'all': {
      const parts = c.checks.map(named);
      return { queues: parts.flatMap((p) => p.queues), exchanges: parts.flatMap((p) => p.exchanges) };
    }
  }
}

function declares(start: LessonTopology, actions: StepAction[]): { queues: string[]; exchanges: string[] } {
  return {
    queues: [...(start.queues ?? []).map((q) => q.name), ...actions.flatMap((a) => (a.do === 'queue' && !a.passive ? [a.name] : []))],
    exchanges: [...(start.exchanges ?? []).map((x) => x.name), ...actions.flatMap((a) => (a.do === 'exchange' ? [a.name] : []))],
  };
}

describe('the built-in lessons', () => {
  it('have unique ids and 2 to 5 steps each, with text, hint and actions', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    expect(LESSONS.length).toBeGreaterThanOrEqual(13);
    for (const l of LESSONS) {
      expect(l.steps.length, l.id).toBeGreaterThanOrEqual(2);
      expect(l.steps.length, l.id).toBeLessThanOrEqual(5);
      for (const s of l.steps) {
        expect(s.title && s.text && s.hint, `${l.id}: ${s.title}`).toBeTruthy();
        expect(s.actions.length, `${l.id}: ${s.title}`).toBeGreaterThan(0);
      }
    }
  });

  it('name in their checks only queues and exchanges the start or an earlier (or the same) step declares', () => {
    for (const l of LESSONS) {
      const known = { queues: new Set<string>(), exchanges: new Set<string>(['']) };
      const first = declares(l.start, []);
      first.queues.forEach((q) => known.queues.add(q));
      first.exchanges.forEach((x) => known.exchanges.add(x));
      for (const s of l.steps) {
        const d = declares({}, s.actions);
        d.queues.forEach((q) => known.queues.add(q));
        d.exchanges.forEach((x) => known.exchanges.add(x));
        const n = named(s.check);
        for (const q of n.queues) expect(known.queues.has(q), `${l.id} "${s.title}" names queue ${q}`).toBe(true);
        for (const x of n.exchanges) expect(known.exchanges.has(x) || x.startsWith('amq.'), `${l.id} "${s.title}" names exchange ${x}`).toBe(true);
      }
    }
  });

  it('have pika and amqplib code for every step, connecting to the lessons vhost through AMQP_URL', () => {
    for (const l of LESSONS) {
      l.steps.forEach((_, i) => {
        const py = stepCode(l, i, 'pika');
        const js = stepCode(l, i, 'amqplib');
        expect(py).toContain("os.environ.get('AMQP_URL', 'amqp://guest:guest@localhost:5672/lessons')");
        expect(js).toContain("process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672/lessons'");
        expect(py.split('\n').length, `${l.id} ${i}`).toBeGreaterThan(10);
        expect(js.split('\n').length, `${l.id} ${i}`).toBeGreaterThan(10);
      });
    }
  });

  it('check a queue or exchange their code declares with the code\'s durable flag (else the code, run after the palette, fails 406)', () => {
    const flat = (c: StepCheck): StepCheck[] => (c.kind === 'all' ? c.checks.flatMap(flat) : [c]);
    for (const l of LESSONS) {
      for (const s of l.steps) {
        for (const c of flat(s.check)) {
          if (c.kind !== 'queue' && c.kind !== 'exchange') continue;
          const a = s.actions.find((x) => (x.do === c.kind) && x.name === c.name && !(x.do === 'queue' && x.passive));
          if (!a || (a.do !== 'queue' && a.do !== 'exchange')) continue;
          expect(c.durable, `${l.id} "${s.title}" checks ${c.kind} ${c.name}`).toBe(a.durable ?? false);
        }
      }
    }
  });

  it('follow the tutorials\' names', () => {
    const all = JSON.stringify(LESSONS);
    for (const name of ['"hello"', '"task_queue"', '"logs"', '"direct_logs"', '"topic_logs"', '"rpc_queue"']) expect(all).toContain(name);
  });
});
