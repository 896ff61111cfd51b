// Certificate logins named by the whole subject (ssl_cert_login_from = distinguished_name, RabbitMQ's
// default): a real RabbitMQ 3.10 with rabbitmq_auth_mechanism_ssl (Debian's rabbitmq-server, started
// for this file) and `warren serve --ssl-cert-login-from distinguished_name` are shown the same
// client certificates over AMQPS with EXTERNAL, and must refuse them naming the same user; then
// Warren logs that user in over AMQPS and MQTTS. Skipped where no rabbitmq-server is installed.
import amqp from 'amqplib';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startRabbit, type RabbitServer } from '../test-support/rabbitmq-server';
import { makeClientCertificate, makeTestCertificates, type ClientCertificate, type TestCertificates } from '../test-support/tls-cert';
import { useTempDirs } from '../test-support/tmp-dir';
import { pollUntil } from '../test-support/wait';
import { listenerPort, spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { httpCall } from './management-support';
import { mqttConnect } from './mqtt-support';

const haveRabbit = existsSync(`${process.env.WARREN_TEST_RABBIT_BIN ?? '/usr/lib/rabbitmq/bin'}/rabbitmq-server`);
const tempDir = useTempDirs('cert-login', { keep: 'file' });

/** subjects as openssl -subj takes them: a plain one, one with a comma to escape, a
 *  multi-valued RDN and an email, and names RabbitMQ spells its own way, beyond-ASCII bytes */
const SUBJECTS = [
  '/CN=app/O=Warren tests',
  '/C=GB/O=Warren, Inc./OU=tests/CN=app+UID=7/emailAddress=ops@example.com',
  '/CN=a=b;c#d "e"/L=Z\u00fcrich/ST=x\\+y/serialNumber=12/title=T/GN=G/SN=S/street=1 Road/DC=org',
];

describe.skipIf(!haveRabbit)('ssl_cert_login_from = distinguished_name, Warren against RabbitMQ 3.10', () => {
  let certs: TestCertificates;
  let clients: ClientCertificate[];
  let rabbit: RabbitServer & { ports: number[] };
  let warren: WarrenProcess;
  beforeAll(async () => {
    const dir = tempDir();
    certs = makeTestCertificates(dir);
    clients = SUBJECTS.map((subject, i) => makeClientCertificate(dir, `dn${i}`, { subject }));
    [rabbit, warren] = await Promise.all([
      startRabbit({
        plugins: ['rabbitmq_auth_mechanism_ssl'], ports: 1, config: ([port]) => [
          `listeners.ssl.1 = 127.0.0.1:${port}`, `ssl_options.cacertfile = ${certs.caFile}`, `ssl_options.certfile = ${certs.certFile}`,
          `ssl_options.keyfile = ${certs.keyFile}`, 'ssl_options.verify = verify_peer', 'ssl_options.fail_if_no_peer_cert = false',
          'auth_mechanisms.1 = PLAIN', 'auth_mechanisms.2 = EXTERNAL',
        ],
      }),
      spawnWarren(['--port', '0', '--in-memory', '--log-level', 'warn', '--ui-port', '0', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile,
        '--tls-ca', certs.caFile, '--ssl-cert-login-from', 'distinguished_name', '--amqps-port', '0', '--mqtts-port', '0', '--web-mqtts-port', '0'], { ui: true }),
    ]);
  }, BOOT_TIMEOUT_MS + 30_000);
  afterAll(async () => { await Promise.all([rabbit?.stop(), warren?.stop()]); });

  const external = (port: number, c: ClientCertificate) =>
    amqp.connect(`amqps://127.0.0.1:${port}`, { ca: [certs.caPem], cert: c.certPem, key: c.keyPem, credentials: amqp.credentials.external() });
  const refusedUsers = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);
  const rabbitLog = (): string => readdirSync(join(rabbit.dir, 'log')).map((f) => readFileSync(join(rabbit.dir, 'log', f), 'utf8')).join('\n');

  it('refuses an unknown certificate naming the same user as RabbitMQ does', async () => {
    for (const c of clients) {
      await expect(external(rabbit.ports[0], c)).rejects.toThrow(/403 \(ACCESS-REFUSED\)/);
      await expect(external(listenerPort(warren, 'amqps'), c)).rejects.toThrow(/403 \(ACCESS-REFUSED\)/);
    }
    const onRabbit = await pollUntil(() => refusedUsers(rabbitLog(), /EXTERNAL login refused: user '(.*)' - invalid credentials/g), (u) => u.length === clients.length, { what: 'RabbitMQ to log its refusals', ms: 15_000, stepMs: 100 });
    const logged = await pollUntil(() => refusedUsers(warren.output(), /login failed: user '(.*)' from \S+ via AMQP EXTERNAL \(no such user\)/g), (u) => u.length === clients.length, { what: 'Warren to log its refusals', ms: 15_000, stepMs: 100 });
    // Warren's log writes a name's backslashes and control characters as \xNN (no forged lines)
    const onWarren = logged.map((u) => u.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    console.log(`certificate users, as both name them:\n  ${onRabbit.join('\n  ')}`);
    expect(onWarren).toEqual(onRabbit);
    expect(onWarren[1]).toBe('EMAILADDRESS=ops@example.com,CN=app+UID=7,OU=tests,O=Warren\\, Inc.,C=GB');
  });

  it('logs that user in over AMQPS (EXTERNAL) and MQTTS (no username)', async () => {
    const user = 'O=Warren tests,CN=app';
    const api = (method: string, path: string, body?: unknown) => httpCall(warren.uiUrl!.replace(/\/$/, ''), method, path, { auth: ['guest', 'guest'], ca: certs.caPem, body });
    expect((await api('PUT', `/api/users/${encodeURIComponent(user)}`, { password: '', tags: '' })).status).toBe(201);
    expect((await api('PUT', `/api/permissions/%2F/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' })).status).toBe(201);
    const c = await external(listenerPort(warren, 'amqps'), clients[0]);
    const m = await mqttConnect(`mqtts://127.0.0.1:${listenerPort(warren, 'mqtts')}`, { ca: certs.caPem, cert: clients[0].certPem, key: clients[0].keyPem, clientId: 'dn-login' });
    try {
      const conns = (await api('GET', '/api/connections')).json as Array<{ user: string; protocol: string; auth_mechanism: string }>;
      expect(conns.filter((x) => x.user === user).map((x) => x.protocol).sort()).toEqual(['AMQP 0-9-1', 'MQTT 3.1.1']);
    } finally {
      await c.close();
      await m.endAsync();
    }
  });
});
