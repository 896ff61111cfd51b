// SASL mechanisms offered in connection.start: PLAIN ("\0user\0password") and RabbitMQ's
// AMQPLAIN (a field table body, without its length prefix, holding LOGIN and PASSWORD); EXTERNAL
// (the TLS client certificate's subject CN is the user) only where client certificates are asked for.
import { decodeTable } from '../codec/field-table';
import type { FieldValue } from '../codec/types';

export const MECHANISMS = 'PLAIN AMQPLAIN';

/** What connection.start offers: EXTERNAL too on a TLS listener that asks for client certificates. */
export const mechanismsOffered = (external: boolean): string => (external ? `${MECHANISMS} EXTERNAL` : MECHANISMS);

export interface Credentials {
  user: string;
  password: string;
}

const text = (v: FieldValue | undefined): string | undefined =>
  v && (v.type === 'S' || v.type === 'x') ? v.value.toString('utf8') : undefined;

/** The credentials in a start-ok response, or null if the mechanism is unknown or the response malformed. */
export function parseCredentials(mechanism: string, response: Buffer): Credentials | null {
  if (mechanism === 'PLAIN') {
    const parts = response.toString('utf8').split('\u0000');
    if (parts.length !== 3) return null;
    return { user: parts[1], password: parts[2] };
  }
  if (mechanism === 'AMQPLAIN') {
    try {
      const framed = Buffer.allocUnsafe(4 + response.length);
      framed.writeUInt32BE(response.length, 0);
      response.copy(framed, 4);
      const { table } = decodeTable(framed, 0);
      const user = text(table.find(([k]) => k === 'LOGIN')?.[1]);
      const password = text(table.find(([k]) => k === 'PASSWORD')?.[1]);
      return user !== undefined && password !== undefined ? { user, password } : null;
    } catch {
      return null;
    }
  }
  return null;
}
