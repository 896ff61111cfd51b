import { describe, expect, it } from 'vitest';
import { LoginGuard, sourceOf } from './login-guard';
import { Users } from './users';

describe('login guard', () => {
  const users = new Users();
  users.put('alice', { password: 'wonder-pw' });
  users.put('guest', { password: 'guest' });
  const lines: string[] = [];
  const guard = new LoginGuard(users, (l) => lines.push(l));
  const from = { address: '10.0.0.7', port: 40001, loopback: false };

  it('logs each refusal with who, where, how and why, never the password', () => {
    expect(guard.password({ ...from, user: 'alice', via: 'AMQP PLAIN' }, 'wonder-pw')).toMatchObject({ ok: true, waitMs: 0 });
    expect(guard.password({ ...from, user: 'alice', via: 'AMQP PLAIN' }, 'secret-guess')).toMatchObject({ ok: false, why: 'wrong password', waitMs: 0 });
    expect(guard.password({ ...from, user: 'nobody', via: 'MQTT' }, 'secret-guess')).toMatchObject({ ok: false, why: 'no such user' });
    expect(guard.password({ ...from, user: 'guest', via: 'HTTP API basic' }, 'guest')).toMatchObject({ ok: false, why: 'user may only connect from localhost' });
    expect(guard.password({ ...from, user: "x'\n[fake]", via: 'MQTT' }, 'p')).toMatchObject({ ok: false });
    expect(lines).toEqual([
      "login failed: user 'alice' from 10.0.0.7:40001 via AMQP PLAIN (wrong password)",
      "login failed: user 'nobody' from 10.0.0.7:40001 via MQTT (no such user)",
      "login failed: user 'guest' from 10.0.0.7:40001 via HTTP API basic (user may only connect from localhost)",
      "login failed: user 'x\\x27\\x0a[fake]' from 10.0.0.7:40001 via MQTT (no such user)",
    ]);
    expect(lines.join('\n')).not.toContain('secret-guess');
  });

  it('a certificate login needs an existing user, and the next answer after a failure waits', () => {
    expect(guard.certificate({ ...from, user: 'alice', via: 'AMQP EXTERNAL' })).toMatchObject({ ok: true });
    expect(guard.certificate({ ...from, user: 'mallory', via: 'AMQP EXTERNAL' })).toMatchObject({ ok: false, why: 'no such user', waitMs: 0 });
    expect(guard.certificate({ ...from, user: 'mallory', via: 'AMQP EXTERNAL' })).toMatchObject({ ok: false, waitMs: 250 });
  });

  it('reads an HTTP socket as RabbitMQ shows it', () => {
    expect(sourceOf({ remoteAddress: '::ffff:127.0.0.1', remotePort: 5 })).toEqual({ address: '127.0.0.1', port: 5, loopback: true });
    expect(sourceOf({ remoteAddress: '::1', remotePort: 6 })).toEqual({ address: '::1', port: 6, loopback: true });
  });
});
