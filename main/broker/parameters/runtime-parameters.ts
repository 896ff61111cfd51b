// Runtime parameters (RabbitMQ's rabbit_runtime_parameters): per-vhost values by component and
// name, and global values by name. The vhost-limits component is acted on: it is the vhost's
// limits. A component an outer layer runs (shovel: main/shovel) registers its validation here and
// its values are kept with the others. The components of plugins Warren does not run (federation)
// are kept, so definitions exported from RabbitMQ import and export again, with a warning; any
// other component is refused as a RabbitMQ without that plugin refuses it.
import type { Broker } from '../broker';
import { checkLimits } from './limits';

export interface Parameter { vhost: string; component: string; name: string; value: unknown }

/** RabbitMQ: "component foo not found". */
export class UnknownComponentError extends Error {
  constructor(component: string) { super(`component ${component} not found`); }
}

/** A value the component's validation refuses; the message is RabbitMQ's text (one line per error). */
export class InvalidParameterError extends Error {}

/** A component an outer layer acts on: it validates a value (RabbitMQ's texts, none if valid) and
 *  notices changes through Broker.accessChanged. */
export interface ParameterComponent {
  validate(vhost: string, name: string, value: unknown, user: string | null): string[];
}

const registered = new WeakMap<Broker, Map<string, ParameterComponent>>();

export function registerComponent(broker: Broker, component: string, c: ParameterComponent): void {
  const map = registered.get(broker) ?? new Map<string, ParameterComponent>();
  map.set(component, c);
  registered.set(broker, map);
}

export const VHOST_LIMITS = 'vhost-limits';
const KEPT_COMPONENTS: ReadonlySet<string> = new Set(['federation-upstream', 'federation-upstream-set', 'shovel']);

export function isKnownComponent(component: string): boolean {
  return component === VHOST_LIMITS || KEPT_COMPONENTS.has(component);
}

/** Every parameter, in RabbitMQ's JSON key order, optionally of one component and vhost. */
export function listParameters(broker: Broker, component?: string, vhost?: string): Parameter[] {
  const out: Parameter[] = [];
  for (const v of broker.vhosts.values()) {
    if (Object.keys(v.limits).length > 0) out.push({ value: v.limits, vhost: v.name, component: VHOST_LIMITS, name: 'limits' } as Parameter);
  }
  for (const p of broker.unapplied.parameters) out.push(p as unknown as Parameter);
  return out.filter((p) => (component === undefined || p.component === component) && (vhost === undefined || p.vhost === vhost));
}

export function getParameter(broker: Broker, vhost: string, component: string, name: string): Parameter | undefined {
  return listParameters(broker, component, vhost).find((p) => p.name === name);
}

/** Set a parameter (the vhost must exist) for `user` (null: the broker itself); true if it is new.
 *  Throws UnknownComponentError, InvalidLimitError or InvalidParameterError with RabbitMQ's text. */
export function setParameter(broker: Broker, p: Parameter, user: string | null = null): boolean {
  const v = broker.vhost(p.vhost)!;
  if (p.component === VHOST_LIMITS) {
    const created = Object.keys(v.limits).length === 0;
    v.limits = checkLimits('vhost', p.value);
    broker.accessChanged();
    parameterSet(broker, p);
    return created;
  }
  if (!KEPT_COMPONENTS.has(p.component)) throw new UnknownComponentError(p.component);
  const runs = registered.get(broker)?.get(p.component);
  let value = p.value;
  if (runs) {
    const errors = runs.validate(p.vhost, p.name, p.value, user);
    if (errors.length > 0) throw new InvalidParameterError(errors.join('\n'));
    value = sortedKeys(value); // as RabbitMQ gives back its (Erlang map) values
  } else {
    broker.onWarning?.(`parameter '${p.name}' of component '${p.component}' in vhost '${p.vhost}': Warren keeps it but does not act on it`);
  }
  const list = broker.unapplied.parameters;
  const at = list.findIndex((o) => o.vhost === p.vhost && o.component === p.component && o.name === p.name);
  const item = { value, vhost: p.vhost, component: p.component, name: p.name };
  if (at >= 0) list[at] = item;
  else list.push(item);
  broker.accessChanged();
  parameterSet(broker, p);
  return at < 0;
}

function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parameterSet(broker: Broker, p: Parameter): void {
  if (broker.events.active) broker.events.emit({ type: 'parameter.set', vhost: p.vhost, component: p.component, name: p.name, value: p.value });
}

export function clearParameter(broker: Broker, vhost: string, component: string, name: string): void {
  const v = broker.vhost(vhost);
  if (component === VHOST_LIMITS) {
    if (v) v.limits = {};
  } else {
    const list = broker.unapplied.parameters;
    const at = list.findIndex((o) => o.vhost === vhost && o.component === component && o.name === name);
    if (at >= 0) list.splice(at, 1);
  }
  broker.accessChanged();
  if (broker.events.active) broker.events.emit({ type: 'parameter.cleared', vhost, component, name });
}

// ---- global parameters (cluster_name, internal_cluster_id, ...) --------------------------------

export interface GlobalParameter { name: string; value: unknown }

export function listGlobalParameters(broker: Broker): GlobalParameter[] {
  return broker.unapplied.globalParameters as unknown as GlobalParameter[];
}

export function getGlobalParameter(broker: Broker, name: string): GlobalParameter | undefined {
  return listGlobalParameters(broker).find((p) => p.name === name);
}

/** True if it is new. */
export function setGlobalParameter(broker: Broker, name: string, value: unknown): boolean {
  const list = broker.unapplied.globalParameters;
  const at = list.findIndex((p) => p.name === name);
  if (at >= 0) list[at] = { name, value };
  else list.push({ name, value });
  broker.accessChanged();
  return at < 0;
}

export function clearGlobalParameter(broker: Broker, name: string): void {
  const list = broker.unapplied.globalParameters;
  const at = list.findIndex((p) => p.name === name);
  if (at >= 0) list.splice(at, 1);
  broker.accessChanged();
}
