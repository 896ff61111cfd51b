// Virtual host and user limits (RabbitMQ's vhost-limits runtime parameter and user limits): how
// many connections and queues a vhost may have, how many connections and channels a user may
// open. A negative limit means none; the checks cost nothing while no limit is set.
import { ChannelError, ConnectionError, Reply } from '../errors';
import { erlangTerm } from '../policies/erlang-term';

export const VHOST_LIMIT_NAMES = ['max-connections', 'max-queues'] as const;
export const USER_LIMIT_NAMES = ['max-connections', 'max-channels'] as const;
export type LimitKind = 'vhost' | 'user';

/** limit name -> value, as RabbitMQ's JSON has them ({"max-queues": 10}) */
export type Limits = Readonly<Record<string, number>>;

/** A limit value or name RabbitMQ's validation refuses; the message is RabbitMQ's text. */
export class InvalidLimitError extends Error {}

const namesOf = (kind: LimitKind): readonly string[] => (kind === 'vhost' ? VHOST_LIMIT_NAMES : USER_LIMIT_NAMES);

function isLimitName(kind: LimitKind, name: string): boolean {
  return namesOf(kind).includes(name);
}

/** One limit's value: an integer (RabbitMQ: "should be a number"). */
function checkLimit(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidLimitError(`${name} should be a number, actually was ${erlangTerm(value)}`);
  return value;
}

/** A whole limits object (the vhost-limits parameter's value, a user's `limits` in definitions). */
export function checkLimits(kind: LimitKind, value: unknown): Limits {
  if (Array.isArray(value) && value.length === 0) return {}; // RabbitMQ writes no limits as []
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidLimitError(`limits should be an object, actually was ${erlangTerm(value)}`);
  const entries = Object.entries(value as Record<string, unknown>);
  const unknown = entries.filter(([k]) => !isLimitName(kind, k));
  if (unknown.length > 0) throw new InvalidLimitError(`Unrecognised terms ${erlangTerm(Object.fromEntries(unknown))} in ${kind === 'vhost' ? 'limits' : 'user-limits'}`);
  return Object.fromEntries(entries.map(([k, v]) => [k, checkLimit(k, v)]));
}

/** `limits` with `name` set to `value`, or removed when `value` is undefined. */
export function withLimit(limits: Limits, name: string, value: number | undefined): Limits {
  const next: Record<string, number> = { ...limits };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}

/** Is a limit set (not negative) and `count` already at it? */
export function reached(limit: number | undefined, count: number): limit is number {
  return limit !== undefined && limit >= 0 && count >= limit;
}

// RabbitMQ's refusals, word for word (checked against RabbitMQ 3.10.8).

export const vhostConnectionLimit = (vhost: string, user: string, limit: number): ConnectionError =>
  new ConnectionError(Reply.NOT_ALLOWED, `access to vhost '${vhost}' refused for user '${user}': connection limit (${limit}) is reached`);

/** the node-wide limit (`warren serve --max-connections`), in the words of RabbitMQ's connection_max */
export const nodeConnectionLimit = (limit: number): ConnectionError =>
  new ConnectionError(Reply.NOT_ALLOWED, `connection refused: node connection limit (${limit}) is reached`);

export const userConnectionLimit = (user: string, limit: number): ConnectionError =>
  new ConnectionError(Reply.NOT_ALLOWED, `connection refused for user '${user}': user connection limit (${limit}) is reached`);

export const userChannelLimit = (user: string, limit: number): ConnectionError =>
  new ConnectionError(Reply.NOT_ALLOWED, `number of channels opened for user '${user}' has reached the maximum allowed user limit of (${limit})`);

export const queueLimit = (queue: string, vhost: string, limit: number): ChannelError =>
  new ChannelError(Reply.PRECONDITION_FAILED, `cannot declare queue '${queue}': queue limit in vhost '${vhost}' (${limit}) is reached`);
