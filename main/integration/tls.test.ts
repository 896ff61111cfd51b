// AMQPS, HTTPS and client certificates as users drive them: a real `warren serve --tls-cert
// --tls-key --tls-ca` with certificates the test makes, amqplib and pika over TLS with the test CA,
// EXTERNAL logins by client certificate (its subject CN is the user), and the refusals: a CN that
// is no user (403 ACCESS_REFUSED), a certificate from a CA the server does not trust, a client
// that does not trust the server's CA.
import amqp from 'amqplib';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClientCertificate, makeTestCertificates, type ClientCertificate, type TestCertificates } from '../test-support/tls-cert';
import { useTempDirs } from '../test-support/tmp-dir';
import { until, within } from '../test-support/wait';
import { listenerPort, runCli, spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { httpCall } from './management-support';
import { events, startPython } from './pika-support';

const tempDir = useTempDirs('tls', { keep: 'file' });
let certs: TestCertificates;
let app: ClientCertificate;
let mallory: ClientCertificate;
let stranger: ClientCertificate;
let warren: WarrenProcess;
let amqpsUrl: string;
let apiBase: string;

const api = (method: string, path: string, body?: unknown) => httpCall(apiBase, method, path, { auth: ['guest', 'guest'], ca: certs.caPem, body });

beforeAll(async () => {
  const dir = tempDir();
  certs = makeTestCertificates(dir);
  app = makeClientCertificate(dir, 'app');
  mallory = makeClientCertificate(dir, 'mallory');
  stranger = makeClientCertificate(dir, 'app', { stranger: true });
  warren = await spawnWarren(['--port', '0', '--in-memory', '--log-level', 'warn', '--ui-port', '0', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile,
    '--tls-ca', certs.caFile, '--amqps-port', '0', '--mqtts-port', '0', '--web-mqtts-port', '0'], { ui: true });
  amqpsUrl = `amqps://127.0.0.1:${listenerPort(warren, 'amqps')}`;
  apiBase = warren.uiUrl!.replace(/\/$/, '');
  expect((await api('PUT', '/api/users/app', { password: 'app-pw', tags: '' })).status).toBe(201);
  expect((await api('PUT', '/api/permissions/%2F/app', { configure: '.*', write: '.*', read: '.*' })).status).toBe(201);
}, 60_000);

afterAll(async () => { await warren?.stop(); });

/** A queue round trip on an open amqplib connection. */
async function roundTrip(c: amqp.ChannelModel): Promise<string> {
  const ch = await c.createChannel();
  const { queue } = await ch.assertQueue('', { exclusive: true });
  ch.sendToQueue(queue, Buffer.from('over tls'));
  for (let i = 0; i < 50; i++) {
    const m = await ch.get(queue, { noAck: true });
    if (m) return m.content.toString();
    await new Promise((r) => setTimeout(r, 20));
  }
  return 'nothing';
}

describe('AMQPS', () => {
  it('serves HTTPS for the UI and the API, which lists the TLS listeners', async () => {
    expect(warren.uiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const overview = await api('GET', '/api/overview');
    expect(overview.status).toBe(200);
    const protocols = (overview.json.listeners as Array<{ protocol: string }>).map((l) => l.protocol);
    expect(protocols).toEqual(expect.arrayContaining(['amqp', 'amqp/ssl', 'mqtt', 'mqtt/ssl', 'https']));
    // the UI's login over HTTPS: a Secure session cookie
    const login = await httpCall(apiBase, 'POST', '/api/ui/login', { auth: null, ca: certs.caPem, body: { user: 'guest', password: 'guest' } });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Secure/);
    // a client that does not trust the test CA refuses the server
    await expect(httpCall(apiBase, 'GET', '/api/overview', { auth: ['guest', 'guest'] })).rejects.toThrow(/self.signed|unable to (get|verify)/i);
  });

  it('amqplib logs in with PLAIN over amqps:// trusting the test CA', async () => {
    const c = await amqp.connect(`${amqpsUrl.replace('amqps://', 'amqps://guest:guest@')}`, { ca: [certs.caPem] });
    try {
      expect(await roundTrip(c)).toBe('over tls');
    } finally { await c.close(); }
  });

  it('amqplib refuses a server whose CA it was not given', async () => {
    await expect(amqp.connect(amqpsUrl.replace('amqps://', 'amqps://guest:guest@'), { ca: [stranger.certPem] })).rejects.toThrow(/certificate|self.signed|unable to (get|verify)/i);
  });

  it('EXTERNAL logs in as the client certificate\'s CN, no password', async () => {
    const c = await amqp.connect(amqpsUrl, { ca: [certs.caPem], cert: app.certPem, key: app.keyPem, credentials: amqp.credentials.external() });
    try {
      expect(await roundTrip(c)).toBe('over tls');
      const conns = await api('GET', '/api/connections');
      const mine = (conns.json as Array<{ user: string; auth_mechanism: string; ssl: boolean; ssl_protocol: string }>).find((x) => x.user === 'app');
      expect(mine).toMatchObject({ auth_mechanism: 'EXTERNAL', ssl: true, ssl_protocol: expect.stringMatching(/^TLSv1\.[23]$/) });
    } finally { await c.close(); }
  });

  it('refuses EXTERNAL with 403 ACCESS_REFUSED when the CN is no user, or without a certificate', async () => {
    await expect(amqp.connect(amqpsUrl, { ca: [certs.caPem], cert: mallory.certPem, key: mallory.keyPem, credentials: amqp.credentials.external() }))
      .rejects.toThrow(/403 \(ACCESS-REFUSED\).*EXTERNAL/);
    await expect(amqp.connect(amqpsUrl, { ca: [certs.caPem], credentials: amqp.credentials.external() }))
      .rejects.toThrow(/403 \(ACCESS-REFUSED\).*EXTERNAL/);
    await until(() => /login failed: user 'mallory' from 127\.0\.0\.1:\d+ via AMQP EXTERNAL \(no such user\)/.test(warren.output()), { what: 'the refusal logged' });
  });

  it('refuses a client certificate signed by a CA it does not trust', async () => {
    await expect(amqp.connect(amqpsUrl, { ca: [certs.caPem], cert: stranger.certPem, key: stranger.keyPem, credentials: amqp.credentials.external() }))
      .rejects.toThrow(/closed/);
    await until(() => /amqps: client certificate from 127\.0\.0\.1:\d+ refused/.test(warren.output()), { what: 'the refusal logged' });
  });

  it('drops a client that never starts the TLS handshake (5 s, as RabbitMQ\'s ssl_handshake_timeout), on every TLS port', async () => {
    const ports = [...['amqps', 'mqtts', 'wss'].map((scheme) => listenerPort(warren, scheme)), Number(new URL(apiBase).port)];
    const t0 = Date.now();
    await Promise.all(ports.map((port) => {
      const socket = connect(port, '127.0.0.1');
      return within(new Promise((r) => socket.once('close', r)), 15_000, `the silent client on ${port} dropped`);
    }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
  }, 20_000);

  it('pika over TLS: PLAIN, and EXTERNAL with a client certificate', async () => {
    const plain = events(await startPython('pika_tls.py', [amqpsUrl.replace('amqps://', 'amqps://app:app-pw@') + '/%2F', certs.caFile]).done, 'pika plain');
    expect(plain).toContainEqual({ event: 'roundtrip', body: 'over tls' });
    const external = events(await startPython('pika_tls.py', [`${amqpsUrl}/%2F`, certs.caFile, app.certFile, app.keyFile]).done, 'pika external');
    expect(external).toContainEqual({ event: 'roundtrip', body: 'over tls' });
    const refused = events(await startPython('pika_tls.py', [`${amqpsUrl}/%2F`, certs.caFile, mallory.certFile, mallory.keyFile]).done, 'pika refused');
    expect(refused[0]).toMatchObject({ event: 'refused', kind: 'access' });
    expect(refused[0].text).toMatch(/403.*ACCESS_REFUSED/);
  }, 60_000);
});

describe('warren serve --tls-*', () => {
  it('says in one line what is wrong with a TLS file and exits 1', async () => {
    const serve = (...args: string[]) => runCli(['serve', '--in-memory', '--port', '0', '--no-ui', '--no-mqtt', '--no-prometheus', ...args]);
    const cases: Array<[string[], RegExp]> = [
      [['--tls-cert', '/no/such/cert.pem', '--tls-key', certs.keyFile], /^warren: --tls-cert \/no\/such\/cert\.pem: no such file\n$/],
      [['--tls-cert', certs.certFile, '--tls-key', app.keyFile], /^warren: --tls-key \S+: not the private key of --tls-cert \S+ \(.*\)\n$/],
      [['--tls-cert', certs.keyFile, '--tls-key', certs.keyFile], /^warren: --tls-cert \S+: not a PEM certificate \(.*\)\n$/],
      [['--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--tls-ca', certs.keyFile], /^warren: --tls-ca \S+: not a PEM certificate \(.*\)\n$/],
      [['--tls-cert', certs.certFile], /^warren: --tls-cert and --tls-key go together\n$/],
      [['--tls-ca', certs.caFile], /^warren: --tls-ca needs --tls-cert and --tls-key\n$/],
      [['--amqps-port', '5671'], /^warren: --amqps-port needs --tls-cert and --tls-key\n$/],
      [['--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--ssl-cert-login-from', 'common_name'], /^warren: --ssl-cert-login-from needs --tls-ca \(client certificates are asked for only with a CA\)\n$/],
      [['--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--tls-ca', certs.caFile, '--ssl-cert-login-from', 'cn'], /^warren: --ssl-cert-login-from must be common_name or distinguished_name, got 'cn'\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await serve(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  }, 60_000);
});
