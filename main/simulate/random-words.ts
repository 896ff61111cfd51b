// Routing keys of random words for topic practice: two or three dot-separated words from small
// lists, so a learner's `*.error` and `eu.#` bindings meet keys that match and keys that do not.
const WORDS = [
  ['eu', 'us', 'asia'],
  ['orders', 'payments', 'users', 'audit'],
  ['info', 'warning', 'error', 'created', 'deleted'],
];

export function randomKey(random: () => number = Math.random): string {
  const levels = random() < 0.5 ? 2 : 3;
  const start = levels === 2 ? 1 : 0;
  return WORDS.slice(start, start + levels).map((ws) => ws[Math.floor(random() * ws.length)]).join('.');
}
