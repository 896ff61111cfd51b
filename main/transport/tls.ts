// TLS for every listener (AMQPS, MQTTS, WSS, HTTPS for the UI and API): the certificate, key and
// optional CA read once at start (a bad path or a key that does not fit is one clear error), the
// server options, and what a client's certificate says after the handshake. With a CA, client
// certificates are asked for but not required (RabbitMQ's verify_peer with fail_if_no_peer_cert
// false); one that does not verify against the CA is refused.
import { readFileSync } from 'node:fs';
import { distinguishedName, type CertLoginFrom } from './cert-login';
import { createSecureContext, type Server as TlsServer, type TLSSocket, type TlsOptions } from 'node:tls';

/** The files given on the command line (--tls-cert, --tls-key, --tls-ca). */
export interface TlsFiles { cert: string; key: string; ca?: string; loginFrom?: CertLoginFrom }

/** Their contents, PEM, and which part of a client certificate names its user (default: the CN). */
export interface TlsConfig { cert: Buffer; key: Buffer; ca?: Buffer; loginFrom?: CertLoginFrom }

export class TlsConfigError extends Error {}

export function loadTls(files: TlsFiles): TlsConfig {
  const read = (flag: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new TlsConfigError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : code === 'EISDIR' ? 'a directory, not a file' : (err as Error).message}`);
    }
  };
  const config: TlsConfig = {
    cert: read('--tls-cert', files.cert), key: read('--tls-key', files.key),
    ...(files.ca !== undefined ? { ca: read('--tls-ca', files.ca) } : {}), ...(files.loginFrom ? { loginFrom: files.loginFrom } : {}),
  };
  try {
    createSecureContext({ cert: config.cert });
  } catch (err) {
    throw new TlsConfigError(`--tls-cert ${files.cert}: not a PEM certificate (${(err as Error).message})`);
  }
  try {
    createSecureContext({ cert: config.cert, key: config.key });
  } catch (err) {
    throw new TlsConfigError(`--tls-key ${files.key}: not the private key of --tls-cert ${files.cert} (${(err as Error).message})`);
  }
  if (config.ca) {
    try {
      createSecureContext({ ca: config.ca });
      if (!config.ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate in it');
    } catch (err) {
      throw new TlsConfigError(`--tls-ca ${files.ca}: not a PEM certificate (${(err as Error).message})`);
    }
  }
  return config;
}

/** tls.createServer's (and https.createServer's) options. */
export function tlsServerOptions(config: TlsConfig): TlsOptions {
  return {
    // RabbitMQ's ssl_handshake_timeout: a client that never finishes the handshake does not hold
    // a socket (nor a shutdown) for Node's default two minutes
    cert: config.cert, key: config.key, minVersion: 'TLSv1.2', handshakeTimeout: 5000,
    ...(config.ca ? { ca: config.ca, requestCert: true, rejectUnauthorized: false } : {}),
  };
}

/** A failed or timed-out handshake drops its socket: Node only reports it ('tlsClientError') and
 *  would leave a silent client's socket open for good. */
export function dropFailedHandshakes<S extends TlsServer>(server: S): S {
  server.on('tlsClientError', (_err: Error, socket: TLSSocket) => socket.destroy());
  return server;
}

/** What a connection's client certificate says, once the handshake is done: undefined when none
 *  was asked for, the user it logs in as (its subject CN, or its DN with loginFrom
 *  distinguished_name; null: no certificate sent, or no such name in it), or a refusal. */
export function clientCertOf(socket: TLSSocket, config: TlsConfig): { login: string | null } | { refused: string } | undefined {
  if (!config.ca) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { login: null };
  if (!socket.authorized) return { refused: String(socket.authorizationError ?? 'certificate not trusted') };
  if (config.loginFrom === 'distinguished_name') return { login: distinguishedName(cert.raw) };
  const cn = cert.subject?.CN as string | string[] | undefined;
  return { login: Array.isArray(cn) ? cn[0] ?? null : cn ?? null };
}
