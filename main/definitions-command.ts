// `warren definitions export|import FILE`: a running Warren's (or any RabbitMQ's) definitions
// through its management API, whole or for one vhost, as rabbitmqadmin's export/import do.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { takeBasicAuth, unreachableCause } from './cli-http';

export const DEFINITIONS_USAGE = `usage: warren definitions export FILE [--url URL] [--vhost NAME]
       warren definitions import FILE [--url URL] [--vhost NAME]

  Saves the broker's definitions (users, vhosts, permissions, policies, queues, exchanges,
  bindings) as RabbitMQ's definitions JSON, or loads such a file into the broker, over the
  management API of a running Warren or RabbitMQ.

  --url URL          the management API with its credentials
                     (default http://guest:guest@127.0.0.1:15672)
  --vhost NAME       only this vhost's policies, queues, exchanges and bindings
`;

export async function definitionsCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never): Promise<void> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string', default: 'http://guest:guest@127.0.0.1:15672' },
        vhost: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${DEFINITIONS_USAGE}`);
  }
  if (values.help) { out(DEFINITIONS_USAGE); return; }
  const [action, file, ...extra] = positionals;
  if ((action !== 'export' && action !== 'import') || file === undefined || extra.length > 0) fail(`expected export FILE or import FILE\n${DEFINITIONS_USAGE}`);
  let base: URL;
  try { base = new URL(values.url); } catch { fail(`--url must be an http URL such as http://guest:guest@127.0.0.1:15672, got '${values.url}'`); }
  const { authorization } = takeBasicAuth(base);
  const path = values.vhost === undefined ? '/api/definitions' : `/api/definitions/${encodeURIComponent(values.vhost)}`;
  const where = base.origin;

  let body: string | undefined;
  if (action === 'import') {
    try { body = readFileSync(file, 'utf8'); } catch (err) { fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
  }
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method: action === 'export' ? 'GET' : 'POST',
      headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body, signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    fail(`nothing answered at ${where} (${unreachableCause(err)}): is the broker running with its management API there? (see --url)`);
  }
  const text = await res.text();
  if (!res.ok) fail(`${where} refused (HTTP ${res.status}): ${refusal(text)}`);
  if (action === 'import') { out(`imported ${file} into ${where}${values.vhost === undefined ? '' : ` (vhost '${values.vhost}')`}\n`); return; }
  let defs: unknown;
  try { defs = JSON.parse(text); } catch { fail(`${where} is not a management API (its answer is not JSON)`); }
  try { writeFileSync(file, JSON.stringify(defs, null, 2) + '\n'); } catch (err) { fail(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
  out(`exported definitions of ${where}${values.vhost === undefined ? '' : ` (vhost '${values.vhost}')`} to ${file}\n`);
}

/** RabbitMQ's {"error": ..., "reason": ...} on one line. */
function refusal(text: string): string {
  try {
    const e = JSON.parse(text) as { error?: unknown; reason?: unknown };
    return `${e.error}: ${typeof e.reason === 'string' ? e.reason : JSON.stringify(e.reason)}`;
  } catch {
    return text.replace(/\s+/g, ' ').trim().slice(0, 200) || '(no body)';
  }
}
