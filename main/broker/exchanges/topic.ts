// topic: dot-separated words; '*' matches exactly one word, '#' zero or more. Patterns live in a
// trie of words, and results are cached per routing key (cleared when bindings change), so a
// topic exchange with thousands of bindings costs one map lookup per repeated key.
import type { BasicProperties } from '../../../shared/model/properties';
import type { Binding, BindingMatcher } from './binding';

class TrieNode {
  readonly words = new Map<string, TrieNode>();
  star: TrieNode | null = null;
  hash: TrieNode | null = null;
  readonly bindings: Binding[] = [];

  get empty(): boolean {
    return this.bindings.length === 0 && this.words.size === 0 && this.star === null && this.hash === null;
  }
}

const CACHE_LIMIT = 4096;

/** RabbitMQ treats an empty key as zero words (so '#' matches it and '*' does not); otherwise
 *  words are split on every dot, empty words included ('a..b' has three). */
const wordsOf = (key: string): string[] => (key === '' ? [] : key.split('.'));

export class TopicMatcher implements BindingMatcher {
  private readonly root = new TrieNode();
  private readonly cache = new Map<string, Binding[]>();

  add(b: Binding): void {
    let node = this.root;
    for (const word of wordsOf(b.routingKey)) {
      if (word === '*') node = node.star ??= new TrieNode();
      else if (word === '#') node = node.hash ??= new TrieNode();
      else {
        let next = node.words.get(word);
        if (!next) node.words.set(word, (next = new TrieNode()));
        node = next;
      }
    }
    node.bindings.push(b);
    this.cache.clear();
  }

  remove(b: Binding): void {
    this.removeFrom(this.root, wordsOf(b.routingKey), 0, b);
    this.cache.clear();
  }

  private removeFrom(node: TrieNode, words: string[], i: number, b: Binding): void {
    if (i === words.length) {
      const at = node.bindings.indexOf(b);
      if (at >= 0) node.bindings.splice(at, 1);
      return;
    }
    const w = words[i];
    const child = w === '*' ? node.star : w === '#' ? node.hash : node.words.get(w);
    if (!child) return;
    this.removeFrom(child, words, i + 1, b);
    if (!child.empty) return;
    if (w === '*') node.star = null;
    else if (w === '#') node.hash = null;
    else node.words.delete(w);
  }

  match(routingKey: string, _props: BasicProperties | undefined, out: Binding[], stamp: number): void {
    let hit = this.cache.get(routingKey);
    if (!hit) {
      hit = [];
      this.walk(this.root, wordsOf(routingKey), 0, hit, stamp);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(routingKey, hit);
    }
    for (let i = 0; i < hit.length; i++) out.push(hit[i]);
  }

  private walk(node: TrieNode, words: string[], i: number, out: Binding[], stamp: number): void {
    if (node.hash) {
      // '#' matches zero words here, or swallows words one at a time.
      for (let j = i; j <= words.length; j++) this.walk(node.hash, words, j, out, stamp);
    }
    if (i === words.length) {
      for (const b of node.bindings) {
        if (b.stamp !== stamp) { b.stamp = stamp; out.push(b); }
      }
      return;
    }
    const exact = node.words.get(words[i]);
    if (exact) this.walk(exact, words, i + 1, out, stamp);
    if (node.star) this.walk(node.star, words, i + 1, out, stamp);
  }
}
