import { describe, expect, it } from 'vitest';
import { TopicAliasError, TopicAliases } from './aliases';

describe('TopicAliases', () => {
  it('sets an alias with a topic, uses it with an empty one, and refuses unknown or out-of-range aliases', () => {
    const a = new TopicAliases(5);
    expect(a.resolve('a/b', 2)).toBe('a/b');
    expect(a.resolve('', 2)).toBe('a/b');
    expect(a.resolve('c', undefined)).toBe('c');
    expect(() => a.resolve('', 3)).toThrow(TopicAliasError);
    expect(() => a.resolve('x', 6)).toThrow(TopicAliasError);
    expect(() => a.resolve('x', 0)).toThrow(TopicAliasError);
  });
});
