// One fuzz session against the UI's WebSocket (/api/ws, the typed contract of shared/ipc): commands
// of the contract with random requests (fields the handlers read, of random types), subscribe and
// unsubscribe, and frames that are no contract frame at all (binary, not JSON, no id, huge). After
// each group a whoAmI must be answered unless the server closed the socket (its answer to a bad
// frame); a command answered INTERNAL_ERROR is a finding.
import WebSocket from 'ws';
import type { CommandName } from '../../shared/ipc/contract';
import type { Rng } from './rng';
import { text, uint } from './values';
import type { Tally } from './findings';
import type { SessionOptions } from './amqp-session';

/** The contract's commands, but those that save profiles or switch the window to another broker
 *  (they reach out to hosts the fuzzer would name at random). */
const COMMANDS: readonly CommandName[] = [
  'getSnapshot', 'declareExchange', 'deleteExchange', 'declareQueue', 'deleteQueue', 'purgeQueue', 'bind', 'unbind', 'getLayout',
  'saveLayout', 'closeConnection', 'explainRoute', 'listConnections', 'browseQueue', 'exportMessages', 'deleteMessages', 'moveMessages',
  'publish', 'startPublishJob', 'cancelPublishJob', 'getTraceStatus', 'setTraceSettings', 'listTraces', 'getTrace', 'getMqtt',
  'listRetained', 'getRetained', 'deleteRetained', 'publishMqtt', 'explainMqttRoute', 'whoAmI', 'listVhosts', 'addVhost', 'deleteVhost', 'setVhostClock',
  'listUsers', 'putUser', 'deleteUser', 'listPermissions', 'setPermission', 'clearPermission', 'listTopicPermissions',
  'setTopicPermission', 'clearTopicPermission', 'listPolicies', 'putPolicy', 'deletePolicy', 'exportDefinitions', 'importDefinitions',
  'listProfiles', 'getTarget', 'listNodes', 'getFirehose', 'setFirehose', 'diffDefinitions', 'returnDeadLetters',
  'listLessons', 'startLesson', 'checkLesson', 'getWelcome', 'dismissWelcome', 'loadDemo',
];

const FIELDS = [
  'vhost', 'name', 'type', 'durable', 'autoDelete', 'internal', 'arguments', 'source', 'destination', 'destinationType', 'routingKey',
  'queue', 'exchange', 'offset', 'limit', 'filter', 'seqs', 'target', 'copy', 'body', 'properties', 'headers', 'rate', 'count', 'id',
  'messageId', 'topic', 'payload', 'qos', 'retain', 'password', 'tags', 'user', 'configure', 'write', 'read', 'kind', 'pattern',
  'applyTo', 'priority', 'definition', 'text', 'on', 'left', 'right', 'max', 'positions', 'ifUnused', 'ifEmpty', 'search', 'reason',
  'scale', 'choice',
];

function value(rng: Rng, field: string, depth: number): unknown {
  if (rng.chance(0.6)) {
    switch (field) {
      case 'vhost': return rng.pick(['fuzz', 'fuzz', '/', 'nope']);
      case 'name': case 'queue': case 'destination': return rng.pick(['fuzz.q0', 'fuzz.q1', 'fuzz.x0', 'amq.direct', '']);
      case 'count': return rng.pick([0, 1, 10, 1e9, -1, 1.5]);
      case 'rate': return rng.pick([0, 1, 1000, 1e9, -1]);
      case 'limit': case 'offset': case 'max': return rng.pick([0, 1, 50, 1e9, -1, 0.5]);
      case 'seqs': return [uint(rng, 16), uint(rng, 32)];
      case 'definition': case 'text': return rng.chance(0.5) ? '{"max-length": 1}' : text(rng, 200);
      case 'kind': return rng.pick(['policy', 'operator', 'x']);
      case 'tags': return rng.pick([[], ['management'], ['administrator'], 'x']);
    }
  }
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0: return rng.chance(0.5);
    case 1: return null;
    case 2: return uint(rng, 32) * (rng.chance(0.2) ? -1 : 1);
    case 3: return text(rng, 100);
    case 4: return undefined;
    case 5: return [value(rng, field, depth + 1), value(rng, field, depth + 1)];
    default: return request(rng, depth + 1);
  }
}

function request(rng: Rng, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = rng.size(8); i > 0; i--) { const f = rng.pick(FIELDS); o[f] = value(rng, f, depth); }
  return o;
}

/** One frame to send: a command (usually), a subscription, or something the server must refuse. */
function frame(rng: Rng, id: number): string | Buffer {
  const r = rng.float();
  if (r < 0.85) return JSON.stringify({ type: 'command', id, name: rng.chance(0.97) ? rng.pick(COMMANDS) : text(rng, 20), req: rng.chance(0.95) ? request(rng) : value(rng, 'x', 0) });
  if (r < 0.93) return JSON.stringify(rng.chance(0.5) ? { type: 'subscribe', vhost: rng.pick(['fuzz', '/', 'nope', text(rng, 300)]) } : { type: 'unsubscribe' });
  return rng.pick<() => string | Buffer>([
    () => Buffer.from([1, 2, 3]), () => '{', () => 'null', () => '[]', () => JSON.stringify({ type: 'command', id: 'x', name: 'whoAmI' }),
    () => JSON.stringify({ type: 'command', id: 1.5, name: 'whoAmI', req: {} }), () => JSON.stringify({ type: 'nope' }),
    () => '['.repeat(100_000), () => JSON.stringify({ type: 'command', id, name: '__proto__', req: {} }),
    () => JSON.stringify({ type: 'command', id, name: 'constructor', req: {} }),
  ])();
}

export async function uiWsSession(url: string, cookie: string, rng: Rng, opts: SessionOptions, tally: Tally, session: number): Promise<number> {
  const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false });
  const opened = await new Promise<boolean>((resolve) => { ws.once('open', () => resolve(true)); ws.once('error', () => resolve(false)); });
  if (!opened) { tally.find('setup', `the UI WebSocket ${url} did not open`, session); return 0; }
  ws.on('error', () => {});
  let closed = false;
  const pending = new Map<number, () => void>();
  ws.on('close', (code) => { closed = true; tally.count(`ws-ui close ${code}`); for (const r of pending.values()) r(); });
  ws.on('message', (d) => {
    let f: { type?: string; id?: number; result?: { ok: boolean; error?: { code: string; message: string } } };
    try { f = JSON.parse(d.toString()) as typeof f; } catch { tally.find('bad-reply', `not JSON: ${d.toString().slice(0, 100)}`, session); return; }
    if (f.type !== 'result' || typeof f.id !== 'number') return;
    if (f.result?.ok === false && f.result.error?.code === 'INTERNAL_ERROR') tally.find('internal-error', `command ${f.id}: ${f.result.error.message}`, session);
    pending.get(f.id)?.();
    pending.delete(f.id);
  });
  let sent = 0;
  let id = 1;
  while (sent < opts.frames && !closed) {
    for (let i = 0; i < 8; i++, sent++) ws.send(frame(rng, id++));
    const sync = id++;
    const answered = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), opts.timeoutMs);
      pending.set(sync, () => { clearTimeout(t); resolve(true); });
    });
    ws.send(JSON.stringify({ type: 'command', id: sync, name: 'whoAmI', req: {} }));
    sent++;
    if (!(await answered)) { tally.find('hang', `no answer to whoAmI after ${sent} frames within ${opts.timeoutMs} ms`, session); break; }
  }
  if (!closed) tally.count('ws-ui clean close');
  ws.terminate();
  return sent;
}
