// Java with Spring AMQP: a @Configuration whose Declarables bean RabbitAdmin declares at startup.
import { entries, isEmpty, type Topology } from './topology';
import { javaMap, str } from './literals';
import type { JsonTable } from '../model/topology';
import { header, type CodeOptions } from './header';

const STANDARD = new Set(['direct', 'fanout', 'topic', 'headers']);

/** a Java identifier from an entity name: letters and digits, camel-cased, never a keyword clash */
function ident(prefix: string, name: string, used: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = prefix + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  for (let n = 2; used.has(id); n++) id = `${id.replace(/\d+$/, '')}${n}`;
  used.add(id);
  return id;
}

const withArgs = (t: JsonTable): string => (isEmpty(t) ? '' : `.withArguments(${javaMap(entries(t))})`);

export function springCode(t: Topology, o: CodeOptions): string {
  const used = new Set<string>();
  const xs = new Map(t.exchanges.map((x) => [x.name, ident('exchange', x.name, used)]));
  const qs = new Map(t.queues.map((q) => [q.name, ident('queue', q.name, used)]));
  const body: string[] = [];
  for (const x of t.exchanges) {
    const builder = STANDARD.has(x.type) ? `ExchangeBuilder.${x.type}Exchange(${str(x.name)})` : `new ExchangeBuilder(${str(x.name)}, ${str(x.type)})`;
    body.push(`    Exchange ${xs.get(x.name)} = ${builder}.durable(${x.durable})${x.auto_delete ? '.autoDelete()' : ''}${x.internal ? '.internal()' : ''}${withArgs(x.arguments)}.build();`);
  }
  for (const q of t.queues) {
    body.push(`    Queue ${qs.get(q.name)} = QueueBuilder.${q.durable ? 'durable' : 'nonDurable'}(${str(q.name)})${q.auto_delete ? '.autoDelete()' : ''}${withArgs(q.arguments)}.build();`);
  }
  const bindings = t.bindings.map((b) => {
    const type = b.destination_type === 'queue' ? 'QUEUE' : 'EXCHANGE';
    const a = isEmpty(b.arguments) ? 'Map.of()' : javaMap(entries(b.arguments));
    return `new Binding(${str(b.destination)}, Binding.DestinationType.${type}, ${str(b.source)}, ${str(b.routing_key)}, ${a})`;
  });
  const all = [...xs.values(), ...qs.values(), ...bindings];
  return [
    ...header(t, o, '//'),
    'import java.util.List;',
    'import java.util.Map;',
    '',
    'import org.springframework.amqp.core.*;',
    'import org.springframework.context.annotation.Bean;',
    'import org.springframework.context.annotation.Configuration;',
    '',
    '@Configuration',
    'public class RabbitTopology {',
    '',
    '  @Bean',
    '  public Declarables topology() {',
    ...body,
    `    return new Declarables(${all.length ? `\n        ${all.join(',\n        ')}` : ''});`,
    '  }',
    '}',
    '',
  ].join('\n');
}
