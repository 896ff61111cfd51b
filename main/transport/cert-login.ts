// Which user a verified client certificate logs in as, as RabbitMQ's ssl_cert_login_from says:
// the subject's common name, or its whole distinguished name in RabbitMQ's string form: the RDNs
// last to first, joined by commas, values escaped as RFC 4514 asks, bytes beyond ASCII as \XX
// ("O=Warren\, Inc.,CN=app" for a subject /CN=app/O=Warren, Inc.). The form was read off
// RabbitMQ 3.10.8's refusals (main/integration/cert-login-compare.test.ts checks it still holds).
import { X509Certificate } from 'node:crypto';

export type CertLoginFrom = 'common_name' | 'distinguished_name';
export const CERT_LOGIN_FROM: readonly CertLoginFrom[] = ['common_name', 'distinguished_name'];

/** the attribute names RabbitMQ prints where Node's (OpenSSL's short names) differ: its own
 *  names, or the dotted OID for those it has none for (street) */
const RABBIT_NAMES: Readonly<Record<string, string>> = {
  emailAddress: 'EMAILADDRESS', GN: 'GIVENNAME', serialNumber: 'SERIALNUMBER', title: 'TITLE', street: '2.5.4.9',
};

/** The subject DN of a DER certificate as RabbitMQ names a user by it; null if it has none. */
export function distinguishedName(der: Buffer): string | null {
  // Node prints the subject one RDN per line, first to last, values RFC 2253-escaped and decoded
  // to text, and the attributes of a multi-valued RDN joined by " + " (a '+' in a value is
  // escaped); RabbitMQ keeps a multi-valued RDN's attributes in their order
  const subject = new X509Certificate(der).subject;
  if (subject === '') return null;
  const rdns = subject.split('\n').map((rdn) => rdn.split(' + ').map(attribute).join('+'));
  return rdns.reverse().join(',');
}

function attribute(text: string): string {
  const eq = text.indexOf('=');
  const name = text.slice(0, eq);
  return `${RABBIT_NAMES[name] ?? name}=${escapeBeyondAscii(text.slice(eq + 1))}`;
}

/** each UTF-8 byte of a character beyond ASCII as \XX, as RabbitMQ prints it */
function escapeBeyondAscii(value: string): string {
  return value.replace(/[^\x00-\x7f]/gu, (ch) => [...Buffer.from(ch, 'utf8')].map((b) => `\\${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
