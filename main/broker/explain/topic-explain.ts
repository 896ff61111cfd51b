// Why a topic pattern matches a routing key or not, word by word: which key words each '*' and
// '#' took. Same rules as the trie in exchanges/topic.ts (an empty key has zero words).
export interface TopicAlignment {
  /** for each pattern word, the key words it matched ('#' may take none) */
  parts: Array<{ pattern: string; words: string[] }>;
}

const wordsOf = (key: string): string[] => (key === '' ? [] : key.split('.'));

/** An alignment of pattern to key, or null when the pattern does not match. */
export function alignTopic(pattern: string, key: string): TopicAlignment | null {
  const p = wordsOf(pattern);
  const k = wordsOf(key);
  const parts: TopicAlignment['parts'] = [];
  // memo of (pattern index, key index) pairs known not to match: keeps '#.#.#' patterns linear-ish
  const failed = new Set<number>();
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    const memo = i * (k.length + 1) + j;
    if (failed.has(memo)) return false;
    const w = p[i];
    if (w === '#') {
      for (let take = 0; j + take <= k.length; take++) {
        parts.push({ pattern: w, words: k.slice(j, j + take) });
        if (walk(i + 1, j + take)) return true;
        parts.pop();
      }
    } else if (j < k.length && (w === '*' || w === k[j])) {
      parts.push({ pattern: w, words: [k[j]] });
      if (walk(i + 1, j + 1)) return true;
      parts.pop();
    }
    failed.add(memo);
    return false;
  };
  return walk(0, 0) ? { parts } : null;
}

/** A one-line reason, for people. */
export function describeTopic(pattern: string, key: string): { matched: boolean; reason: string } {
  const a = alignTopic(pattern, key);
  if (!a) return { matched: false, reason: topicMismatch(pattern, key) };
  const pieces = a.parts
    .filter((x) => x.pattern === '*' || x.pattern === '#')
    .map((x) => `'${x.pattern}' matched ${x.words.length === 0 ? 'no words' : x.words.map((w) => `'${w}'`).join('.')}`);
  return { matched: true, reason: pieces.length ? pieces.join(', ') : `'${key}' equals the pattern word for word` };
}

function topicMismatch(pattern: string, key: string): string {
  const p = wordsOf(pattern);
  const k = wordsOf(key);
  if (!p.includes('#')) {
    if (p.length !== k.length) return `the pattern has ${p.length} word${p.length === 1 ? '' : 's'}, the key ${k.length}`;
    const i = p.findIndex((w, n) => w !== '*' && w !== k[n]);
    return `word ${i + 1}: '${k[i]}' is not '${p[i]}'`;
  }
  const literal = p.find((w) => w !== '*' && w !== '#' && !k.includes(w));
  if (literal !== undefined) return `the key has no word '${literal}'`;
  return `no way to align the key's ${k.length} words with the pattern`;
}
