// `warren route`: asks a running Warren (its UI server's POST /api/route) which way a message
// would go, and prints the verdict of every binding examined, then the destination queues. With
// --management it reads any broker's definitions through its management API (RabbitMQ's or
// Warren's) and explains them here with the same walk and the same output.
import { parseArgs } from 'node:util';
import { takeBasicAuth, unreachableCause } from './cli-http';
import type { Result } from '../shared/ipc/contract';
import type { TypedHeader } from '../shared/model/messages';
import type { RouteExplanation } from '../shared/model/route';
import type { RouteQuestion } from './broker/explain/explain-route';
import { typedHeadersToTable } from './bridge/message-view';
import { explainRemote } from './remote/explain-remote';
import { ManagementClient, targetFromUrl } from './remote/management-client';

export const ROUTE_USAGE = `usage: warren route --exchange X --key K [options]

  Explains, without publishing anything, where a message would go: every binding examined
  (matched or not, and why), exchange-to-exchange hops, the alternate exchange, and the
  destination queues or "unroutable".

  --url URL          the running Warren's UI address, with the user to log in as
                     (default http://guest:guest@127.0.0.1:15672)
  --management URL   instead, any broker's management API (RabbitMQ 3.8-4.x or Warren), with
                     the user to log in as: http://user:pass@host:15672 (https:// too). Its
                     definitions of the vhost (exchanges, bindings, queues, policies) and its
                     exclusive queues are read, and explained here
  --vhost NAME       virtual host (default /)
  --exchange NAME    the exchange to publish to ('' for the default exchange)
  --key KEY          the routing key
  --header N=V       a message header (repeatable). Values that look like integers (-12, 42) are
                     sent as integers, true and false as booleans, anything else as a string
                     (write N=s:42 to force the string '42')
  --mandatory        say "returned" rather than "dropped" when unroutable
  --json             print one JSON object: { queues: [sorted names], bindings: [every binding
                     examined with matched and reason], outcome, visits }
`;

/** "42" -> int, "true"/"false" -> bool, "s:42" -> the string "42", anything else -> string */
export function parseHeader(arg: string): TypedHeader {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`--header must be name=value, got '${arg}'`);
  const name = arg.slice(0, eq);
  const raw = arg.slice(eq + 1);
  if (raw.startsWith('s:')) return { name, value: { type: 'string', value: raw.slice(2) } };
  if (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return { name, value: { type: 'int', value: Number(raw) } };
  if (raw === 'true' || raw === 'false') return { name, value: { type: 'bool', value: raw === 'true' } };
  return { name, value: { type: 'string', value: raw } };
}

const shown = (name: string): string => (name === '' ? '(AMQP default)' : name);

export function formatExplanation(e: RouteExplanation): string {
  const lines: string[] = [];
  for (const v of e.visits) {
    const how = v.via === 'published' ? 'published to' : v.via === 'exchange-binding' ? 'then, via an exchange binding,' : 'then, as its alternate exchange,';
    lines.push(`${how} ${v.type} exchange '${shown(v.exchange)}' with routing key '${v.routingKey}':`);
    if (v.unexplained !== undefined) lines.push(`  ${v.unexplained}`);
    if (v.delayedUntil !== undefined) lines.push(`  held (x-delay) until ${v.delayedUntil}, then routed as below to the bindings of that time`);
    if (v.bindings.length === 0) lines.push('  (no bindings)');
    for (const b of v.bindings) {
      const key = Object.keys(b.arguments).length > 0 ? JSON.stringify(b.arguments) : `'${b.bindingKey}'`;
      lines.push(`  ${b.matched ? 'MATCH   ' : 'no match'} ${b.destinationType} '${b.destination}' by ${key}: ${b.reason}`);
    }
    if (v.alternateExchange !== undefined) lines.push(`  nothing matched: on to the alternate exchange '${v.alternateExchange}'`);
  }
  if (e.outcome === 'routed') lines.push(`queues: ${e.queues.join(', ')}`);
  else lines.push(`unroutable: ${e.outcome === 'returned' ? 'returned to the publisher (mandatory, basic.return 312 NO_ROUTE)' : 'dropped'}`);
  return lines.join('\n');
}

export function explanationJson(e: RouteExplanation): unknown {
  return {
    vhost: e.vhost, exchange: e.exchange, routingKeys: e.routingKeys, outcome: e.outcome, mandatory: e.mandatory,
    queues: [...e.queues].sort(),
    bindings: e.visits.flatMap((v) => v.bindings.map((b) => ({
      exchange: v.exchange, via: v.via, destination: b.destination, destinationType: b.destinationType, bindingKey: b.bindingKey,
      arguments: b.arguments, matched: b.matched, reason: b.reason,
    }))),
    visits: e.visits,
  };
}

export async function routeCommand(argv: string[], out: (s: string) => void, fail: (msg: string) => never): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        management: { type: 'string' },
        vhost: { type: 'string', default: '/' },
        exchange: { type: 'string' },
        key: { type: 'string', default: '' },
        header: { type: 'string', multiple: true },
        mandatory: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${ROUTE_USAGE}`);
  }
  if (values.help) { out(ROUTE_USAGE); return; }
  if (values.exchange === undefined) fail(`--exchange is required\n${ROUTE_USAGE}`);
  let headers: TypedHeader[];
  try { headers = (values.header ?? []).map(parseHeader); } catch (err) { fail((err as Error).message); }
  const question = { vhost: values.vhost, exchange: values.exchange, routingKey: values.key, headers, mandatory: values.mandatory };
  let explanation: RouteExplanation;
  if (values.management !== undefined) {
    if (values.url !== undefined) fail('give --url (a running Warren\'s UI) or --management (any broker\'s management API), not both');
    explanation = await explainOnManagement(values.management, question.vhost, {
      exchange: question.exchange, routingKey: question.routingKey, headers: typedHeadersToTable(headers), mandatory: question.mandatory,
    }, fail);
  } else {
    explanation = await askWarren(values.url ?? 'http://127.0.0.1:15672', question, fail);
  }
  out(values.json ? JSON.stringify(explanationJson(explanation)) + '\n' : formatExplanation(explanation) + '\n');
}

/** A broker's definitions, read through its management API and explained here. */
async function explainOnManagement(url: string, vhost: string, q: RouteQuestion, fail: (msg: string) => never): Promise<RouteExplanation> {
  let client: ManagementClient | undefined;
  try {
    client = new ManagementClient(targetFromUrl(url));
    return await explainRemote(client, vhost, q);
  } catch (err) {
    return fail((err as Error).message.replace(/\n/g, ' '));
  } finally {
    client?.close();
  }
}

/** A running Warren explains it (its UI server's POST /api/route). */
async function askWarren(url: string, body: object, fail: (msg: string) => never): Promise<RouteExplanation> {
  let endpoint: URL;
  try { endpoint = new URL('/api/route', url); } catch { fail(`--url must be an http URL such as http://127.0.0.1:15672, got '${url}'`); }
  // The URL's user logs in with HTTP basic auth.
  const { user, authorization } = takeBasicAuth(endpoint);
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/json', authorization }, signal: AbortSignal.timeout(10_000),
      body: JSON.stringify(body),
    });
  } catch (err) {
    fail(`nothing answered at ${url} (${unreachableCause(err)}): is \`warren serve\` running with its UI there? (see --url)`);
  }
  let result: Result<RouteExplanation>;
  try { result = (await res.json()) as Result<RouteExplanation>; } catch { fail(`${url} is not a Warren UI server (HTTP ${res.status}, not JSON)`); }
  if (!result || typeof result !== 'object' || !('ok' in result)) fail(`${url} is not a Warren UI server (unexpected answer)`);
  if (res.status === 401) fail(`${url} refused user '${user}': give a management user's credentials in --url (http://user:pass@host:port)`);
  if (!result.ok) fail(result.error.message.replace(/\n/g, ' '));
  return result.value;
}
