// MQTTS and Web-MQTT over WSS as mqtt.js drives them, against a real `warren serve --tls-cert
// --tls-key --tls-ca` with certificates the test makes: the same sessions as plain MQTT, a
// client certificate without username and password logs in as its CN (RabbitMQ's
// ssl_cert_login), one whose CN is no user is refused, a client that does not trust the CA refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClientCertificate, makeTestCertificates, type ClientCertificate, type TestCertificates } from '../test-support/tls-cert';
import { useTempDirs } from '../test-support/tmp-dir';
import { until } from '../test-support/wait';
import { listenerPort, spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { httpCall } from './management-support';
import { mqttConnect } from './mqtt-support';

const tempDir = useTempDirs('tls-mqtt', { keep: 'file' });
let certs: TestCertificates;
let app: ClientCertificate;
let mallory: ClientCertificate;
let warren: WarrenProcess;
let mqttsUrl: string;
let wssUrl: string;

beforeAll(async () => {
  const dir = tempDir();
  certs = makeTestCertificates(dir);
  app = makeClientCertificate(dir, 'app');
  mallory = makeClientCertificate(dir, 'mallory');
  warren = await spawnWarren(['--port', '0', '--in-memory', '--log-level', 'warn', '--ui-port', '0', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile,
    '--tls-ca', certs.caFile, '--amqps-port', '0', '--mqtts-port', '0', '--web-mqtts-port', '0'], { ui: true });
  mqttsUrl = `mqtts://127.0.0.1:${listenerPort(warren, 'mqtts')}`;
  wssUrl = `wss://127.0.0.1:${listenerPort(warren, 'wss')}/ws`;
  const api = (path: string, body: unknown) => httpCall(warren.uiUrl!.replace(/\/$/, ''), 'PUT', path, { auth: ['guest', 'guest'], ca: certs.caPem, body });
  expect((await api('/api/users/app', { password: 'app-pw', tags: '' })).status).toBe(201);
  expect((await api('/api/permissions/%2F/app', { configure: '.*', write: '.*', read: '.*' })).status).toBe(201);
}, 60_000);

afterAll(async () => { await warren?.stop(); });

describe('MQTT over TLS', () => {
  it('mqtts:// trusting the test CA shares sessions with plain MQTT', async () => {
    const secure = await mqttConnect(mqttsUrl, { ca: certs.caPem, username: 'guest', password: 'guest' });
    await secure.subscribeAsync('tls/+', { qos: 1 });
    const plain = await mqttConnect(`mqtt://127.0.0.1:${warren.mqttPort}`, { username: 'guest', password: 'guest' });
    await plain.publishAsync('tls/plain', 'from plain', { qos: 1 });
    expect((await secure.inbox.next()).payload).toBe('from plain');
  });

  it('a client certificate without username and password logs in as its CN', async () => {
    const c = await mqttConnect(mqttsUrl, { ca: certs.caPem, cert: app.certPem, key: app.keyPem, clientId: 'cert-app' });
    await c.subscribeAsync('cert/app', { qos: 1 });
    await c.publishAsync('cert/app', 'hello', { qos: 1 });
    expect((await c.inbox.next()).payload).toBe('hello');
    const conns = await httpCall(warren.uiUrl!.replace(/\/$/, ''), 'GET', '/api/connections', { auth: ['guest', 'guest'], ca: certs.caPem });
    expect((conns.json as Array<{ user: string; client_properties: { client_id?: string } }>).find((x) => x.client_properties.client_id === 'cert-app')?.user).toBe('app');
  });

  it('refuses a certificate whose CN is no user (bad credentials), and logs it', async () => {
    const err = await mqttConnect(mqttsUrl, { ca: certs.caPem, cert: mallory.certPem, key: mallory.keyPem }).then(() => null, (e: Error & { code?: number }) => e);
    expect(err?.code).toBe(4);
    await until(() => /login failed: user 'mallory' from 127\.0\.0\.1:\d+ via MQTT certificate \(no such user\)/.test(warren.output()), { what: 'the refusal logged' });
  });

  it('refuses a server whose CA the client was not given', async () => {
    await expect(mqttConnect(mqttsUrl, { username: 'guest', password: 'guest' })).rejects.toThrow(/self.signed|unable to (get|verify)|certificate/i);
  });

  it('Web-MQTT over wss:// trusting the test CA', async () => {
    const ws = await mqttConnect(wssUrl, { ca: certs.caPem, wsOptions: { ca: certs.caPem }, username: 'guest', password: 'guest' });
    await ws.subscribeAsync('wss/t', { qos: 1 });
    const secure = await mqttConnect(mqttsUrl, { ca: certs.caPem, username: 'guest', password: 'guest' });
    await secure.publishAsync('wss/t', 'to the browser', { qos: 1 });
    expect((await ws.inbox.next()).payload).toBe('to the browser');
    await expect(mqttConnect(wssUrl, { username: 'guest', password: 'guest' })).rejects.toThrow(/self.signed|unable to (get|verify)|certificate/i);
  });
});
