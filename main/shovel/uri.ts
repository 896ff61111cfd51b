// A shovel's AMQP URI as RabbitMQ's amqp_uri reads it: "amqp://" with no host is the local broker
// (RabbitMQ's direct connection, here Warren's own AMQP listener as its internal user), anything
// else a network broker (guest/guest on 5672, 5671 for amqps, the path's vhost, "/" by default).
import { erlangTerm } from '../broker/policies/erlang-term';

export interface ShovelUri {
  /** "amqp://" (no host): this broker */
  local: boolean;
  tls: boolean;
  host: string;
  port: number;
  user: string;
  password: string;
  vhost: string;
  /** the URI without its credentials, as the shovel's status shows it */
  shown: string;
}

/** An URI amqp_uri refuses; the message is RabbitMQ's '"uri" not a valid URI: {Reason,"uri"}'. */
export class InvalidUriError extends Error {
  constructor(uri: string, reason: string) { super(`"${uri}" not a valid URI: {${reason},"${uri}"}`); }
}

export function parseShovelUri(uri: string): ShovelUri {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri);
  if (!scheme) throw new InvalidUriError(uri, '{unable_to_parse_uri,no_scheme}');
  const tls = scheme[1].toLowerCase() === 'amqps';
  if (!tls && scheme[1].toLowerCase() !== 'amqp') throw new InvalidUriError(uri, `{unexpected_uri_scheme,"${scheme[1]}"}`);
  const rest = uri.slice(scheme[0].length);
  const authority = rest.split(/[/?#]/, 1)[0];
  const path = rest.slice(authority.length).split(/[?#]/, 1)[0];
  const vhost = path === '' ? '/' : decode(uri, path.slice(1));
  const local = authority === '';
  if (local) return { local, tls, host: '', port: 0, user: '', password: '', vhost, shown: uri };
  let u: URL;
  try { u = new URL(`http://${authority}`); } catch { throw new InvalidUriError(uri, `{unable_to_parse_uri,{malformed_uri,"${uri}"}}`); }
  const port = u.port === '' ? (tls ? 5671 : 5672) : Number(u.port);
  const user = u.username === '' ? 'guest' : decode(uri, u.username);
  const password = u.username === '' ? 'guest' : decode(uri, u.password);
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  return { local, tls, host: u.hostname.replace(/^\[|\]$/g, ''), port, user, password, vhost, shown: `${scheme[0]}${hostPart}${rest.slice(authority.length)}` };
}

function decode(uri: string, part: string): string {
  try { return decodeURIComponent(part); } catch { throw new InvalidUriError(uri, `{unable_to_parse_uri,{malformed_uri,"${uri}"}}`); }
}

/** A src-uri / dest-uri value (one URI or a list of them) checked as RabbitMQ's validate_uri does;
 *  `mayConnect` says whether the user setting it may use a local URI's vhost (RabbitMQ: 'user "u"
 *  may not connect to vhost "v"'). Errors as RabbitMQ words them, none if valid. */
export function checkUris(key: string, term: unknown, mayConnect: (vhost: string) => string | null): string[] {
  if (Array.isArray(term)) {
    const first = term.map((t) => checkUris(key, t, mayConnect)).find((e) => e.length > 0);
    return first ?? [];
  }
  if (typeof term !== 'string') return [`${key} should be list, actually was ${erlangTerm(term)}`];
  try {
    const u = parseShovelUri(term);
    const refused = u.local ? mayConnect(u.vhost) : null;
    return refused === null ? [] : [refused];
  } catch (e) {
    if (e instanceof InvalidUriError) return [e.message];
    throw e;
  }
}
