// MQTT topic names and filters: their validation (MQTT 3.1.1 §4.7, MQTT 5 §4.7) and RabbitMQ's
// translation onto AMQP routing and binding keys, so an MQTT topic and an AMQP topic exchange
// meet: '/' and '.' swap places and '+' is '*' ('#' is the same in both). Shared: the MQTT layer
// and the window (binding labels, the routing debugger) translate with the same functions.

/** A topic or filter that breaks the rules; the connection says why. */
export class TopicError extends Error {}

/** A PUBLISH's topic name: not empty, no wildcards, no NUL. */
export function checkTopicName(topic: string): void {
  if (topic.length === 0) throw new TopicError('empty topic name');
  if (/[+#\u0000]/.test(topic)) throw new TopicError(`topic name '${topic}' contains a wildcard or NUL`);
}

/** A SUBSCRIBE's filter: '#' alone in the last level, '+' alone in its level, no NUL. */
export function checkTopicFilter(filter: string): void {
  if (filter.length === 0) throw new TopicError('empty topic filter');
  if (filter.includes('\u0000')) throw new TopicError('topic filter contains NUL');
  const levels = filter.split('/');
  levels.forEach((level, i) => {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) throw new TopicError(`'#' must be the last level alone in '${filter}'`);
    if (level.includes('+') && level !== '+') throw new TopicError(`'+' must fill its level alone in '${filter}'`);
  });
}

const TO_AMQP: Record<string, string> = { '/': '.', '.': '/', '+': '*' };
const TO_MQTT: Record<string, string> = { '.': '/', '/': '.', '*': '+' };

/** An MQTT topic or filter as an AMQP routing or binding key: a/b.c/+ -> a.b/c.* */
export function toRoutingKey(topic: string): string {
  return translated(toAmqp, topic, /[/.+]/g, TO_AMQP);
}

/** An AMQP routing or binding key as an MQTT topic or filter: a.b/c.* -> a/b.c/+ */
export function toTopic(routingKey: string): string {
  return translated(toMqtt, routingKey, /[./*]/g, TO_MQTT);
}

/** Recent translations each way: publishers repeat their topics, and a cached result is one string
 *  object, its hash already computed for the core's lookups. Emptied when full (a client making up
 *  topics costs a retranslation, never memory). */
const TRANSLATIONS_MAX = 10_000;
const toAmqp = new Map<string, string>();
const toMqtt = new Map<string, string>();

function translated(cache: Map<string, string>, s: string, chars: RegExp, map: Record<string, string>): string {
  let out = cache.get(s);
  if (out === undefined) {
    out = s.replace(chars, (c) => map[c]);
    if (cache.size >= TRANSLATIONS_MAX) cache.clear();
    cache.set(s, out);
  }
  return out;
}

/** Does `filter` match `topic` (MQTT 3.1.1 §4.7)? Topics starting with '$' are not matched by a
 *  wildcard in the first level. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
