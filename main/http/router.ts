// The management API's router: a table from path patterns to resources. Every resource answers
// the same few questions (which methods, does it exist, who may, its JSON, accept a body, delete),
// the shape of RabbitMQ's rabbit_mgmt_wm_* modules; the API (api.ts) asks them in order.
import type { IncomingHttpHeaders } from 'node:http';
import type { Broker } from '../broker/broker';
import type { User } from '../broker/access/users';
import type { Need } from './auth';
import type { Row } from './query';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** What the API knows besides the core: for /api/overview and the health checks. */
export interface ApiEnv {
  broker: Broker;
  version: string;
  node: string;
  listeners(): Array<{ protocol: string; port: number; ip_address: string }>;
  /** the resource monitor's readings and limits, for /api/nodes (absent: none runs) */
  resources?(): NodeResources;
  /** Makes changes waiting to be saved durable; called before every reply, so that a 2xx means
   *  the change survives a crash (absent: nothing is kept on disk). */
  settle?(): void;
  /** the dynamic shovels, for /api/shovels (absent: none run) */
  shovels?: ShovelsApi;
}

/** The shovels as rabbitmq_shovel_management shows and drives them (main/shovel gives it). */
export interface ShovelsApi {
  /** each shovel's status in RabbitMQ's JSON (node, timestamp, name, vhost, type, state, ...) */
  list(): Array<Record<string, unknown> & { vhost: string; name: string }>;
  /** false: no such shovel */
  restart(vhost: string, name: string): boolean;
  delete(vhost: string, name: string): boolean;
}

/** Bytes; disk readings are null without a data directory to watch. */
export interface NodeResources {
  memUsed: number;
  memLimit: number;
  diskFree: number | null;
  diskFreeLimit: number;
}

export interface Ctx {
  env: ApiEnv;
  broker: Broker;
  user: User;
  params: Record<string, string>;
  query: URLSearchParams;
  /** the request's headers (DELETE /api/connections/{name} reads X-Reason) */
  headers: IncomingHttpHeaders;
  /** the parsed JSON object of a PUT or POST ({} when empty) */
  body: Record<string, unknown>;
}

/** A JSON reply with a status other than 200, or headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Resource {
  readonly methods: readonly Method[];
  /** the tag reads (GET) and changes (PUT, POST, DELETE) need; vhost access is checked apart */
  readonly auth: { read: Need; write: Need };
  /** the path parameter naming a vhost the caller must have access to */
  readonly vhostParam?: string;
  /** a larger request body than MAX_BODY, and its own parsing (definitions) */
  readonly body?: { max: number; parse(raw: Buffer, contentType: string | undefined): Record<string, unknown> };
  /** false: 404 Object Not Found (asked after auth, as RabbitMQ does; PUT may create) */
  exists?(ctx: Ctx): boolean;
  /** a list: sorted, filtered, paged and trimmed to columns by the API */
  list?: { rows(ctx: Ctx): Row[]; sort: readonly string[]; pageable: boolean };
  get?(ctx: Ctx): unknown;
  /** true: created (201), false: updated (204) */
  put?(ctx: Ctx): boolean;
  post?(ctx: Ctx): Reply;
  delete?(ctx: Ctx): void;
}

export interface Route { readonly segments: readonly string[]; readonly resource: Resource }

/** '/api/queues/:vhost/:name' -> a route; ':x' segments capture, others match literally. */
export function route(pattern: string, resource: Resource): Route {
  return { segments: pattern.split('/').slice(1), resource };
}

/** Split the raw path first, then percent-decode each segment: vhost "/" arrives as %2F. */
export function splitPath(rawPath: string): string[] | null {
  try {
    return rawPath.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

export function match(routes: readonly Route[], segments: readonly string[]): { resource: Resource; params: Record<string, string> } | null {
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const p = r.segments[i];
      if (p.startsWith(':')) params[p.slice(1)] = segments[i];
      else ok = p === segments[i];
    }
    if (ok) return { resource: r.resource, params };
  }
  return null;
}
