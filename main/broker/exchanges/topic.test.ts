// The topic matcher alone: which bindings a routing key matches, as RabbitMQ's topic exchange
// decides it ('*' one word, '#' zero or more, words split on every dot, '' is zero words).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Binding } from './binding';
import { Exchange } from './exchange';

const options = { durable: false, autoDelete: false, internal: false, args: [] };
let stamp = 0;

/** A topic exchange with one binding per pattern (each to its own destination). */
function topic(patterns: string[]): { x: Exchange; bindings: Binding[] } {
  const x = new Exchange('/', 't', 'topic', options);
  const bindings = patterns.map((p, i) => x.bind(new Exchange('/', `d${i}`, 'fanout', options), p, [])!);
  return { x, bindings };
}

/** The patterns `key` matches, one entry per matched binding (duplicates would show). */
function matched(x: Exchange, key: string): string[] {
  const out: Binding[] = [];
  x.matcher.match(key, undefined, out, ++stamp);
  return out.map((b) => b.routingKey).sort();
}

const matches = (pattern: string, key: string): boolean => matched(topic([pattern]).x, key).length === 1;

/** A reference matcher written as plainly as possible (word lists, backtracking on '#'). */
function reference(pattern: string, key: string): boolean {
  const words = (s: string): string[] => (s === '' ? [] : s.split('.'));
  const go = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    if (p[0] === '#') return go(p.slice(1), k) || (k.length > 0 && go(p, k.slice(1)));
    if (k.length === 0) return false;
    return (p[0] === '*' || p[0] === k[0]) && go(p.slice(1), k.slice(1));
  };
  return go(words(pattern), words(key));
}

describe('topic matching', () => {
  it("'*' matches exactly one word", () => {
    expect(['a.b', 'a.', 'a', 'a.b.c'].map((k) => matches('a.*', k))).toEqual([true, true, false, false]);
  });

  it("'#' matches zero or more words", () => {
    expect(['a', 'a.b', 'a.b.c', 'b.a'].map((k) => matches('a.#', k))).toEqual([true, true, true, false]);
    expect(['', 'x', 'x.y.z', '..'].every((k) => matches('#', k))).toBe(true);
  });

  it("the empty key is zero words: '#' and '' match it, '*' does not", () => {
    expect(['#', '', '*', '#.#', '*.#'].map((p) => matches(p, ''))).toEqual([true, true, false, true, false]);
  });

  it('empty words count: a..b has three words, and * matches an empty one', () => {
    expect(matches('a.*.b', 'a..b')).toBe(true);
    expect(matches('a.b', 'a..b')).toBe(false);
    expect(matches('*.*', '.')).toBe(true);
    expect(matches('*', '.')).toBe(false);
    expect(matches('a..b', 'a..b')).toBe(true);
  });

  it("'#' at both ends finds the word anywhere", () => {
    expect(['a', 'x.a', 'a.x', 'x.a.y', 'x.y', 'xa'].map((k) => matches('#.a.#', k))).toEqual([true, true, true, true, false, false]);
  });

  it("'#' between words matches zero words there too", () => {
    expect(['a.b', 'a.x.b', 'a.x.y.b', 'a.b.c'].map((k) => matches('a.#.b', k))).toEqual([true, true, true, false]);
  });

  it('a binding reached along several paths is reported once', () => {
    const { x } = topic(['#.#', 'a.#.#.b', '#.*.#']);
    expect(matched(x, 'a.a.b.b')).toEqual(['#.#', '#.*.#', 'a.#.#.b']);
  });

  it('new and removed bindings take effect for a key already matched (the per-key cache is cleared)', () => {
    const { x, bindings } = topic(['a.*']);
    expect(matched(x, 'a.b')).toEqual(['a.*']);
    x.bind(new Exchange('/', 'later', 'fanout', options), '#.b', []);
    expect(matched(x, 'a.b')).toEqual(['#.b', 'a.*']);
    x.unbind(bindings[0]);
    expect(matched(x, 'a.b')).toEqual(['#.b']);
  });

  it('removing one of two bindings with the same pattern keeps the other', () => {
    const { x, bindings } = topic(['a.#', 'a.#']);
    x.unbind(bindings[0]);
    expect(matched(x, 'a.z')).toEqual(['a.#']);
  });

  it('agrees with a plain reference matcher on random patterns and keys, with many bindings', () => {
    const word = fc.constantFrom('a', 'b', '');
    const key = fc.array(word, { maxLength: 5 }).map((w) => w.join('.'));
    const pattern = fc.array(fc.constantFrom('a', 'b', '', '*', '#'), { maxLength: 5 }).map((w) => w.join('.'));
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 60 }), fc.array(key, { minLength: 1, maxLength: 10 }), (patterns, keys) => {
      const { x } = topic(patterns);
      for (const k of keys) expect(matched(x, k)).toEqual(patterns.filter((p) => reference(p, k)).sort());
    }), { numRuns: 200 });
  });
});
