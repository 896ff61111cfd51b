// Management HTTP API fuzz requests: every route of main/http/routes.ts with its parameters filled
// from small pools or garbage, any method, random query options (regex filters, paging, sorting),
// JSON bodies with the fields resources read given random types, broken JSON, deep JSON, huge
// bodies, and wrong or missing credentials.
import { ROUTES } from '../http/routes';
import type { Rng } from './rng';
import { text, uint } from './values';

export interface FuzzRequest {
  method: string; path: string; headers: Record<string, string>; body: Buffer | null;
  /** a loopback address of its own to send from (a login that fails: see `auth`) */
  from?: string;
}

const PARAMS: Record<string, readonly string[]> = {
  vhost: ['fuzz', 'fuzz', '%2F', 'nope', '%', '%E0%A4%A', '..', '%00'],
  name: ['fuzz.q0', 'fuzz.q1', 'fuzz.x0', 'amq.direct', 'amq.default', '', 'fuzz-policy', 'max-connections', 'max-queues'],
  user: ['fuzz', 'guest', 'nobody', '%2F'],
  source: ['fuzz.x0', 'amq.direct', 'amq.default'],
  destination: ['fuzz.q0', 'fuzz.x1'],
  props: ['~', 'a', 'a~abc', '%7E', 'fuzz.q0'],
  component: ['federation-upstream', 'shovel', 'nope'],
  connection: ['nope', '127.0.0.1%3A1%20-%3E%20127.0.0.1%3A5672'],
  channel: ['nope', '127.0.0.1%3A1%20-%3E%20127.0.0.1%3A5672%20(1)'],
  node: ['warren@localhost', 'nope'],
  port: ['5672', '1', 'abc'],
  protocol: ['amqp', 'mqtt', 'nope'],
};

const BODY_KEYS = [
  'durable', 'auto_delete', 'internal', 'type', 'arguments', 'routing_key', 'destination_type', 'payload', 'payload_encoding',
  'properties', 'count', 'ackmode', 'encoding', 'truncate', 'requeue', 'pattern', 'definition', 'apply-to', 'priority', 'tags',
  'password', 'password_hash', 'hashing_algorithm', 'configure', 'write', 'read', 'exchange', 'value', 'description',
  'default_queue_type', 'tracing', 'vhost', 'name', 'queues', 'exchanges', 'bindings', 'policies', 'users', 'permissions',
];
const ARG_KEYS = ['x-message-ttl', 'x-max-length', 'x-queue-type', 'x-dead-letter-exchange', 'x-max-priority', 'x-expires', 'x-overflow', 'alternate-exchange'];

function jsonValue(rng: Rng, depth: number): unknown {
  switch (rng.int(depth > 2 ? 7 : 9)) {
    case 0: return rng.chance(0.5);
    case 1: return null;
    case 2: return uint(rng, 32) * (rng.chance(0.2) ? -1 : 1);
    case 3: return rng.pick([1.5, 1e308, -0, 2 ** 53 + 2]);
    case 4: return text(rng, 100);
    case 5: return rng.pick(['classic', 'quorum', 'direct', 'topic', 'ack_requeue_true', 'reject_requeue_false', 'auto', 'base64', 'string', 'queues', 'all', '.*', '^fuzz', 'administrator', 'management']);
    case 6: return rng.pick(['', '[', '(a+)+$', '\\', '*', '(?<=x)', 'a{99999999}']);
    case 7: { const a: unknown[] = []; for (let i = rng.size(5); i > 0; i--) a.push(jsonValue(rng, depth + 1)); return a; }
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.size(5); i > 0; i--) o[rng.chance(0.8) ? rng.pick(ARG_KEYS) : text(rng, 30)] = jsonValue(rng, depth + 1);
      return o;
    }
  }
}

function body(rng: Rng): Buffer | null {
  const r = rng.float();
  if (r < 0.15) return null;
  if (r < 0.75) {
    const o: Record<string, unknown> = {};
    for (let i = rng.size(8); i > 0; i--) o[rng.pick(BODY_KEYS)] = jsonValue(rng, 0);
    return Buffer.from(JSON.stringify(o));
  }
  if (r < 0.85) return Buffer.from(rng.pick(['{', '{"a":', 'null', '[]', '"x"', '1', '{"arguments":null}', '\u0000', '{"durable":"yes"}']));
  if (r < 0.92) { const d = rng.pick([100, 10_000, 200_000]); return Buffer.from('['.repeat(d) + ']'.repeat(d)); }
  if (r < 0.96) return Buffer.from(JSON.stringify({ payload: 'x'.repeat(rng.pick([65_536, 2_000_000])), payload_encoding: 'string', routing_key: 'fuzz.q0', properties: {} }));
  return rng.bytes(rng.size(1000));
}

function query(rng: Rng): string {
  if (rng.chance(0.7)) return '';
  const parts: string[] = [];
  for (let i = rng.range(1, 4); i > 0; i--) {
    const k = rng.pick(['page', 'page_size', 'name', 'use_regex', 'sort', 'sort_reverse', 'columns', 'pagination', 'lengths_age', 'msg_rates_age', 'disable_stats', 'enable_queue_totals', 'x']);
    parts.push(`${k}=${encodeURIComponent(String(jsonValue(rng, 3)))}`);
  }
  return `?${parts.join('&')}`;
}

/** Credentials, and for those that fail a fresh loopback source address (127.x.y.z, never
 *  127.0.0.1): the login throttle holds the next answers to an address and user name after a
 *  failure (up to 4 s), which is the protection working, but from one address it held the
 *  fuzzer's good requests too and made it crawl (about 100 requests a second). */
function auth(rng: Rng, user: string, pass: string): { headers: Record<string, string>; from?: string } {
  const r = rng.float();
  if (r < 0.88) return { headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } };
  if (r < 0.92) return { headers: {} };
  const from = `127.${rng.range(1, 255)}.${rng.int(256)}.${rng.range(1, 255)}`;
  if (r < 0.96) return { from, headers: { authorization: `Basic ${Buffer.from(`${user}:wrong`).toString('base64')}` } };
  return { from, headers: { authorization: rng.pick(['Basic', 'Basic !!!', 'Bearer x', `Basic ${Buffer.from(text(rng, 100)).toString('base64')}`]) } };
}

export function request(rng: Rng, user: string, pass: string): FuzzRequest {
  const route = rng.pick(ROUTES);
  let path = '/' + route.segments.map((s) => (s.startsWith(':') ? (rng.chance(0.9) ? rng.pick(PARAMS[s.slice(1)] ?? ['x']) : encodeURIComponent(text(rng, 50))) : s)).join('/');
  if (rng.chance(0.03)) path = rng.pick(['/api/', '/api//queues', '/api/queues/%2F/%2F/%2F/x', '/api/../api/overview', `/api/${encodeURIComponent(text(rng, 40))}`]);
  const method = rng.pick(['GET', 'GET', 'GET', 'PUT', 'PUT', 'DELETE', 'POST', 'POST', 'HEAD', 'PATCH', 'OPTIONS']);
  const b = method === 'GET' || method === 'HEAD' ? (rng.chance(0.05) ? body(rng) : null) : body(rng);
  const { headers, from } = auth(rng, user, pass);
  if (b) headers['content-type'] = rng.chance(0.9) ? 'application/json' : rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']);
  return { method, path: path + query(rng), headers, body: b, from };
}
