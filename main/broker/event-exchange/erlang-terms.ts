// Values as RabbitMQ's event exchange writes what has no header type of its own: an argument table
// or a client's properties become an array of their entries printed as Erlang terms
// ({<<"x-max-length">>,long,5}), an address the tuple {127,0,0,1}. Clients written against the
// plugin parse these strings, so Warren prints them the same way.
import type { FieldTable, FieldValue } from '../../../shared/model/amqp-values';
import { TYPE_NAMES } from '../field-values';

/** An AMQP table entry as Erlang prints {Name, Type, Value}. */
export function erlangEntry([name, v]: [string, FieldValue]): string {
  return `{${erlangBinary(Buffer.from(name))},${TYPE_NAMES[v.type]},${erlangValue(v)}}`;
}

/** The plugin's header for a table it cannot nest: its entries, each printed. */
export function erlangEntries(t: FieldTable): FieldValue {
  return { type: 'A', value: t.map((e) => ({ type: 'S', value: Buffer.from(erlangEntry(e)) })) };
}

function erlangValue(v: FieldValue): string {
  switch (v.type) {
    case 'S': case 'x': return erlangBinary(v.value);
    case 'D': return `{${v.value.scale},${v.value.value}}`;
    case 'F': return `[${v.value.map(erlangEntry).join(',')}]`;
    case 'A': return `[${v.value.map((e) => `{${TYPE_NAMES[e.type]},${erlangValue(e)}}`).join(',')}]`;
    case 'V': return 'undefined';
    default: return String(v.value);
  }
}

/** <<"text">> for printable ASCII, <<"text"/utf8>> for other UTF-8, <<1,2,3>> for bytes. */
export function erlangBinary(b: Buffer): string {
  const s = b.toString('utf8');
  if (Buffer.byteLength(s) === b.length && !s.includes('\uFFFD') && /^[^\x00-\x1f\x7f]*$/.test(s)) {
    const quoted = s.replace(/[\\"]/g, (c) => `\\${c}`);
    return /^[\x20-\x7e]*$/.test(s) ? `<<"${quoted}">>` : `<<"${quoted}"/utf8>>`;
  }
  return `<<${[...b].join(',')}>>`;
}

// The core reaches no sockets (not even node:net's helpers): addresses are recognised by shape.
const isIPv4 = (s: string): boolean => /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) && s.split('.').every((n) => Number(n) <= 255);
const isIPv6 = (s: string): boolean => s.includes(':') && /^[0-9a-fA-F:]+$/.test(s) && (s.match(/::/g)?.length ?? 0) <= 1;

/** An address as Erlang's inet tuple: {127,0,0,1}, or eight 16-bit groups for IPv6. */
export function ipTuple(host: string): string {
  const v4 = host.startsWith('::ffff:') && isIPv4(host.slice(7)) ? host.slice(7) : host;
  if (isIPv4(v4)) return `{${v4.split('.').join(',')}}`;
  if (!isIPv6(host)) return host;
  const [head, tail = ''] = host.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = host.includes('::') ? groups(tail) : [];
  return `{${[...h, ...Array(8 - h.length - t.length).fill(0), ...t].join(',')}}`;
}
