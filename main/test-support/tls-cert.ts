// A throwaway certificate authority, a server certificate it signed for 127.0.0.1 and localhost,
// and client certificates (any CN, signed by that CA or by a stranger CA), made with Debian's
// openssl at test time (nothing secret is kept in the repository).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  caPem: string; certPem: string; keyPem: string;
  /** the same, as files (for --tls-ca, --tls-cert, --tls-key) */
  caFile: string; certFile: string; keyFile: string;
}

export interface ClientCertificate { certPem: string; keyPem: string; certFile: string; keyFile: string }

const ssl = (dir: string, ...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }); };
const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

/** A self-signed CA `name` in `dir` (name.pem, name.key). */
function makeCa(dir: string, name: string, cn: string): void {
  ssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${cn}`);
}

/** A key and certificate `name` (name.pem, name.key) for subject CN `cn` (or the whole openssl
 *  `subject`, e.g. /C=GB/O=Org/CN=app), signed by CA `ca`. */
function signed(dir: string, name: string, cn: string, ca: string, ext?: string, subject = `/CN=${cn}/O=Warren tests`): void {
  ssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject, '-multivalue-rdn');
  const extArgs = ext ? (writeFileSync(join(dir, `${name}.ext`), ext), ['-extfile', `${name}.ext`]) : [];
  ssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...extArgs);
}

export function makeTestCertificates(dir: string): TestCertificates {
  makeCa(dir, 'ca', 'Warren test CA');
  signed(dir, 'server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n');
  return {
    caPem: read(dir, 'ca.pem'), certPem: read(dir, 'server.pem'), keyPem: read(dir, 'server.key'),
    caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'),
  };
}

let subjects = 0;

/** A client certificate for subject CN `cn` (subject /CN=cn/O=Warren tests, or `subject` in
 *  openssl's form, '+' joining a multi-valued RDN), signed by the test CA (makeTestCertificates
 *  first) or, with `stranger`, by another CA the server does not trust. */
export function makeClientCertificate(dir: string, cn: string, opts: { stranger?: boolean; subject?: string } = {}): ClientCertificate {
  const name = `client-${cn.replace(/[^A-Za-z0-9]/g, '_')}${opts.stranger ? '-stranger' : ''}${opts.subject ? `-s${++subjects}` : ''}`;
  if (opts.stranger) makeCa(dir, 'stranger-ca', 'Not the Warren test CA');
  signed(dir, name, cn, opts.stranger ? 'stranger-ca' : 'ca', 'extendedKeyUsage=clientAuth\n', opts.subject);
  return { certPem: read(dir, `${name}.pem`), keyPem: read(dir, `${name}.key`), certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
}
