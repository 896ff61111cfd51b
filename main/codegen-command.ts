// `warren codegen --lang L`: one vhost's topology, read through a management API (Warren's or any
// RabbitMQ's), written as pika, amqplib or Spring AMQP code, definitions JSON or rabbitmqadmin
// commands. The window's Code tool writes the same text with the same functions.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ManagementClient, RemoteError, targetFromUrl } from './remote/management-client';
import { vhostDefinitions } from './remote/vhost-definitions';
import { CODE_LANGUAGES, generateCode, isCodeLanguage } from '../shared/codegen/codegen';
import type { VhostDefinitions } from '../shared/codegen/topology';

export const CODEGEN_USAGE = `usage: warren codegen --lang ${CODE_LANGUAGES.join('|')} [--url URL] [--vhost V] [--queue Q ...] [--exchange X ...] [--out FILE]

  Writes the exchanges, queues and bindings of a vhost (and, for definitions and rabbitmqadmin,
  its policies) as code that recreates them. The pika and amqplib scripts connect to the broker
  AMQP_URL names (default amqp://guest:guest@localhost:5672/); its path picks the vhost.

  --url URL       the management API with its credentials (default http://guest:guest@127.0.0.1:15672)
  --vhost V       the vhost (default /)
  --queue Q       only these queues (repeatable); with --exchange, the bindings between them
  --exchange X    only these exchanges (repeatable)
  --out FILE      write to FILE instead of standard output
`;

export async function codegenCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true,
      options: {
        lang: { type: 'string' },
        url: { type: 'string', default: 'http://guest:guest@127.0.0.1:15672' },
        vhost: { type: 'string', default: '/' },
        queue: { type: 'string', multiple: true },
        exchange: { type: 'string', multiple: true },
        out: { type: 'string' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${CODEGEN_USAGE}`);
  }
  const lang = values.lang;
  if (lang === undefined || !isCodeLanguage(lang)) fail(`--lang must be one of ${CODE_LANGUAGES.join(', ')}${lang === undefined ? '' : `, got '${lang}'`}\n${CODEGEN_USAGE}`);
  let client: ManagementClient;
  try { client = new ManagementClient(targetFromUrl(values.url!)); } catch (err) { fail(`--url: ${(err as Error).message}`); }
  const selection = values.queue || values.exchange ? { queues: values.queue ?? [], exchanges: values.exchange ?? [] } : undefined;
  try {
    const defs = await vhostDefinitions(client, values.vhost!);
    const code = generateCode(lang, defs as VhostDefinitions, { vhost: values.vhost!, source: client.where, selection });
    if (values.out === undefined) out(code);
    else {
      try { writeFileSync(values.out, code); } catch (err) { fail(`cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
      out(`wrote the ${lang} code of vhost '${values.vhost}' at ${client.where} to ${values.out}\n`);
    }
  } catch (err) {
    fail(err instanceof RemoteError ? err.message : String(err));
  } finally {
    client.close();
  }
}
