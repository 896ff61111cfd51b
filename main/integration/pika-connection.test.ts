// pika against the broker: connection negotiation (heartbeats) and connection-level refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, uniqueName, type TestBroker } from './harness';
import { events, startPython } from './pika-support';

let broker: TestBroker;
beforeAll(async () => { broker = await startBroker(); });
afterAll(async () => { await broker?.stop(); });

describe('pika connection', () => {
  it('negotiates a 2 s heartbeat and stays alive through 5 s idle, heartbeats flowing both ways', async () => {
    const r = await startPython('pika_heartbeat.py', [broker.url, uniqueName('pika-hb'), '5'], 30_000).done;
    const ev = events(r, 'pika_heartbeat.py');
    // The broker proposes RabbitMQ's default of 60 s in connection.tune; pika answers 2 s in tune-ok,
    // and the heartbeats counted below show the broker keeps to the 2 s.
    expect(ev.find((e) => e.event === 'negotiated')).toMatchObject({ server_heartbeat: 60 });
    const idle = ev.find((e) => e.event === 'idle-done')!;
    expect(idle.open).toBe(true);
    // pika sends every timeout/2 = 1 s; a broker honouring a 2 s heartbeat sends at least every 2 s.
    expect(idle.heartbeats_received as number).toBeGreaterThanOrEqual(2);
    expect(idle.heartbeats_sent as number).toBeGreaterThanOrEqual(2);
    expect(ev.find((e) => e.event === 'after-idle')).toMatchObject({ body: 'still alive' });
  });

  it('refuses a wrong password with 403 and an unknown vhost with 530', async () => {
    const r = await startPython('pika_connection_errors.py', [broker.url, uniqueName('vh')]).done;
    const ev = events(r, 'pika_connection_errors.py');
    const wrongPassword = ev.find((e) => e.case === 'wrong-password')!;
    expect(wrongPassword.event).toBe('refused');
    // RabbitMQ closes with 403 ACCESS_REFUSED (pika advertises authentication_failure_close);
    // pika reports that as ProbableAuthenticationError.
    expect(['ProbableAuthenticationError', 'AuthenticationError']).toContain(wrongPassword.exception);
    expect(wrongPassword.reply_code).toBe(403);
    expect(wrongPassword.text).toMatch(/ACCESS_REFUSED/);
    const vhost = ev.find((e) => e.case === 'unknown-vhost')!;
    expect(vhost.event).toBe('refused');
    expect(['ProbableAccessDeniedError', 'ConnectionClosedByBroker']).toContain(vhost.exception);
    expect(vhost.reply_code).toBe(530);
    expect(vhost.text).toMatch(/NOT_ALLOWED/);
  });
});
