// What RabbitMQ's management tags let a user do, weakest first: management < policymaker and
// monitoring < administrator. The management API and the browser UI both ask here.
import { hasTag, type User } from './users';

export type ManagementNeed = 'management' | 'monitoring' | 'policymaker' | 'administrator';

export function satisfies(user: User, need: ManagementNeed): boolean {
  const admin = hasTag(user, 'administrator');
  switch (need) {
    case 'administrator': return admin;
    case 'monitoring': return admin || hasTag(user, 'monitoring');
    case 'policymaker': return admin || hasTag(user, 'policymaker');
    case 'management': return admin || hasTag(user, 'monitoring') || hasTag(user, 'policymaker') || hasTag(user, 'management');
  }
}

/** Credentials as an HTTP `Authorization: Basic` header carries them (the API, the UI's CLI). */
export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
