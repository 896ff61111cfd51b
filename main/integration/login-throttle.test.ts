// Failed logins slowed and logged, as a password guesser meets them on a real `warren serve`:
// after a failure by one user from one address, that pair's next answers wait (250 ms, then
// doubling), success or refusal alike, until a success; other users (on loopback every client
// shares 127.0.0.1) are not slowed. Each refusal is one warning line naming user, address,
// protocol and mechanism; no password appears in the log.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWarren, type WarrenProcess } from '../test-support/warren-process';
import { until } from '../test-support/wait';
import { httpCall } from './management-support';
import { mqttConnect } from './mqtt-support';

const SECRET = 'Hunter2-Secret-Guess';
let warren: WarrenProcess;
let base: string;
let amqpPort: number;

const amqpUrl = (user: string, password: string) => `amqp://${user}:${password}@127.0.0.1:${amqpPort}`;

/** How long an attempt took to be answered (ms), and whether it got in. */
async function timed(attempt: () => Promise<unknown>): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  const ok = await attempt().then(() => true, () => false);
  return { ms: performance.now() - t0, ok };
}

const amqpLogin = (user: string, password: string, mechanism: 'plain' | 'amqplain' = 'plain') => timed(async () => {
  const credentials = mechanism === 'plain' ? amqp.credentials.plain(user, password) : amqp.credentials.amqplain(user, password);
  const c = await amqp.connect(amqpUrl(user, password), { credentials });
  await c.close();
});

beforeAll(async () => {
  warren = await spawnWarren(['--port', '0', '--in-memory', '--log-level', 'warn', '--ui-port', '0'], { ui: true });
  amqpPort = warren.amqpPort;
  base = warren.uiUrl!.replace(/\/$/, '');
  for (const user of ['bob', 'mia', 'hal', 'uma']) {
    expect((await httpCall(base, 'PUT', `/api/users/${user}`, { auth: ['guest', 'guest'], body: { password: `${user}-pw`, tags: 'management' } })).status).toBe(201);
    expect((await httpCall(base, 'PUT', `/api/permissions/%2F/${user}`, { auth: ['guest', 'guest'], body: { configure: '.*', write: '.*', read: '.*' } })).status).toBe(201);
  }
}, 30_000);

afterAll(async () => { await warren?.stop(); });

describe('login throttle', () => {
  it('AMQP: the 2nd and 3rd failures are answered later, other users at once, a success is held too and clears it', async () => {
    const first = await amqpLogin('bob', 'wrong-1');
    const second = await amqpLogin('bob', 'wrong-2');
    const third = await amqpLogin('bob', 'wrong-3');
    await amqpLogin('bob', 'wrong-4'); // the next answer for bob waits 2 s
    expect([first.ok, second.ok, third.ok]).toEqual([false, false, false]);
    expect(second.ms).toBeGreaterThanOrEqual(240);
    expect(third.ms).toBeGreaterThanOrEqual(490);
    // guest, from the same address, is not slowed by bob's guesser
    const guest = await amqpLogin('guest', 'guest');
    expect(guest.ok).toBe(true);
    expect(guest.ms).toBeLessThan(1500);
    // bob's right password is answered after the same wait (a guesser learns nothing sooner) ...
    const right = await amqpLogin('bob', 'bob-pw');
    expect(right.ok).toBe(true);
    expect(right.ms).toBeGreaterThanOrEqual(1990);
    // ... and clears bob's failures
    const after = await amqpLogin('bob', 'wrong-5');
    expect(after.ms).toBeLessThan(1500);
  }, 30_000);

  it('MQTT: the 2nd failure is answered later', async () => {
    const mqttUrl = `mqtt://127.0.0.1:${warren.mqttPort}`;
    const attempt = () => timed(() => mqttConnect(mqttUrl, { username: 'mia', password: 'wrong' }).then((c) => c.endAsync()));
    const first = await attempt();
    const second = await attempt();
    expect([first.ok, second.ok]).toEqual([false, false]);
    expect(second.ms).toBeGreaterThanOrEqual(240);
  });

  it('HTTP API basic auth and the UI login: the 2nd failure is answered later', async () => {
    const api = () => timed(async () => { const r = await httpCall(base, 'GET', '/api/whoami', { auth: ['hal', 'wrong'] }); if (r.status !== 200) throw new Error(String(r.status)); });
    await api();
    expect((await api()).ms).toBeGreaterThanOrEqual(240);
    const ui = () => timed(async () => { const r = await httpCall(base, 'POST', '/api/ui/login', { auth: null, body: { user: 'uma', password: 'wrong' } }); if (r.status !== 200) throw new Error(String(r.status)); });
    await ui();
    const second = await ui();
    expect(second.ok).toBe(false);
    expect(second.ms).toBeGreaterThanOrEqual(240);
  });

  it('logs every failed login (user, address, protocol, mechanism, why) and never a password', async () => {
    await amqpLogin('nobody', SECRET);
    await amqpLogin('bob', SECRET, 'amqplain');
    await mqttConnect(`mqtt://127.0.0.1:${warren.mqttPort}`, { username: 'bob', password: SECRET }).then((c) => c.endAsync(), () => undefined);
    await httpCall(base, 'GET', '/api/overview', { auth: ['bob', SECRET] });
    await httpCall(base, 'POST', '/api/ui/login', { auth: null, body: { user: 'bob', password: SECRET } });
    await httpCall(base, 'PUT', '/api/users/eve', { auth: ['guest', 'guest'], body: { password: SECRET, tags: '' } });
    const expected = [
      /login failed: user 'nobody' from 127\.0\.0\.1:\d+ via AMQP PLAIN \(no such user\)/,
      /login failed: user 'bob' from 127\.0\.0\.1:\d+ via AMQP AMQPLAIN \(wrong password\)/,
      /login failed: user 'bob' from 127\.0\.0\.1:\d+ via MQTT \(wrong password\)/,
      /login failed: user 'bob' from 127\.0\.0\.1:\d+ via HTTP API basic \(wrong password\)/,
      /login failed: user 'bob' from 127\.0\.0\.1:\d+ via UI login \(wrong password\)/,
    ];
    await until(() => expected.every((re) => re.test(warren.output())), { what: 'the failed logins logged', ms: 15_000 });
    expect(warren.output()).toMatch(/\[warn\] login failed: user 'mia'/);
    expect(warren.output()).not.toContain(SECRET);
    expect(warren.output()).not.toContain('wrong-1');
  }, 30_000);
});
