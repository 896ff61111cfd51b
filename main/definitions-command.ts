// `warren definitions export|import FILE`: a running Warren's (or any RabbitMQ's) definitions
// through its management API, whole or for one vhost, as rabbitmqadmin's export/import do.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apiPath, ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';

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
  let client: ManagementClient;
  try { client = new ManagementClient({ ...targetFromUrl(values.url), timeoutMs: 60_000 }); } catch (err) { fail(`--url: ${(err as Error).message}`); }
  const path = values.vhost === undefined ? '/api/definitions' : apiPath('definitions', values.vhost);
  const where = client.base.origin;
  const inVhost = values.vhost === undefined ? '' : ` (vhost '${values.vhost}')`;
  try {
    if (action === 'import') {
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch (err) { fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
      let defs: unknown;
      try { defs = JSON.parse(text); } catch (err) { fail(`${file} is not JSON: ${(err as Error).message}`); }
      await client.post(path, defs);
      out(`imported ${file} into ${where}${inVhost}\n`);
      return;
    }
    const defs = await client.get<unknown>(path);
    try { writeFileSync(file, JSON.stringify(defs, null, 2) + '\n'); } catch (err) { fail(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
    out(`exported definitions of ${where}${inVhost} to ${file}\n`);
  } catch (err) {
    fail(err instanceof RemoteError ? err.message : String(err));
  } finally {
    client.close();
  }
}
