// A shell script of rabbitmqadmin commands (RabbitMQ's management CLI).
import { isEmpty, type Topology } from './topology';
import { shell } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

const args = (t: JsonTable): string => (isEmpty(t) ? '' : ` arguments=${shell(JSON.stringify(t))}`);

export function rabbitmqadminCode(t: Topology, o: CodeOptions): string {
  const lines = [
    '#!/bin/sh',
    ...header(t, o, '#'),
    '# RABBITMQADMIN holds the command and its connection options, e.g.',
    '#   RABBITMQADMIN="rabbitmqadmin -H broker.example -u admin -p secret" sh topology.sh',
    '# VHOST names the (existing) vhost to declare into.',
    'set -e',
    'ADMIN=${RABBITMQADMIN:-rabbitmqadmin}',
    `VHOST=\${VHOST:-${shell(o.vhost)}}`,
    '',
  ];
  const run = (rest: string): void => { lines.push(`$ADMIN --vhost="$VHOST" declare ${rest}`); };
  for (const x of t.exchanges) run(`exchange name=${shell(x.name)} type=${shell(x.type)} durable=${x.durable} auto_delete=${x.auto_delete} internal=${x.internal}${args(x.arguments)}`);
  for (const q of t.queues) run(`queue name=${shell(q.name)} durable=${q.durable} auto_delete=${q.auto_delete}${args(q.arguments)}`);
  for (const b of t.bindings) run(`binding source=${shell(b.source)} destination=${shell(b.destination)} destination_type=${b.destination_type} routing_key=${shell(b.routing_key)}${args(b.arguments)}`);
  for (const p of t.policies) run(`policy name=${shell(p.name)} pattern=${shell(p.pattern)} apply-to=${p['apply-to'] ?? 'all'} priority=${p.priority ?? 0} definition=${shell(JSON.stringify(p.definition))}`);
  lines.push('');
  return lines.join('\n');
}
