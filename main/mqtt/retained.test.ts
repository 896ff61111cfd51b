import { describe, expect, it } from 'vitest';
import { HISTORY, RetainedStore, type RetainedMessage, type RetainedPersistence } from './retained';

const msg = (topic: string, payload: string): RetainedMessage => ({ topic, payload: Buffer.from(payload), qos: 1 });

describe('RetainedStore', () => {
  it('keeps the last message per topic and vhost, deletes on an empty payload, matches filters', () => {
    const s = new RetainedStore();
    s.retain('/', msg('a/b', '1'));
    s.retain('/', msg('a/b', '2'));
    s.retain('/', msg('a/c', '3'));
    s.retain('other', msg('a/b', 'x'));
    expect(s.matching('/', 'a/b').map((m) => m.payload.toString())).toEqual(['2']);
    expect(s.matching('/', 'a/+').map((m) => m.payload.toString())).toEqual(['2', '3']);
    s.retain('/', msg('a/b', ''));
    expect(s.matching('/', 'a/#').map((m) => m.topic)).toEqual(['a/c']);
    expect(s.list('other')).toHaveLength(1);
  });

  it('loads from and saves to its persistence', async () => {
    let saved = new Map<string, RetainedMessage[]>([['/', [msg('k', 'v')]]]);
    const p: RetainedPersistence = { load: () => saved, save: (all) => { saved = all; } };
    const s = new RetainedStore(p);
    expect(s.matching('/', 'k')[0].payload.toString()).toBe('v');
    s.retain('/', msg('n', 'w'));
    await new Promise((r) => setImmediate(r));
    expect(saved.get('/')!.map((m) => m.topic)).toEqual(['k', 'n']);
  });
});

describe('RetainedStore history', () => {
  it('keeps the last HISTORY values of a topic, with when each was set, and forgets them on delete', () => {
    const s = new RetainedStore();
    for (let i = 0; i < HISTORY + 5; i++) s.retain('/', msg('t', String(i)));
    const h = s.historyOf('/', 't');
    expect(h).toHaveLength(HISTORY);
    expect(h[0].payload.toString()).toBe('5');
    expect(h[HISTORY - 1].payload.toString()).toBe(String(HISTORY + 4));
    expect(typeof h[0].at).toBe('number');
    s.retain('/', msg('t', ''));
    expect(s.historyOf('/', 't')).toEqual([]);
  });
});
