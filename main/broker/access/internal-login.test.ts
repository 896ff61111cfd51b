import { describe, expect, it } from 'vitest';
import { Broker } from '../broker';
import { ConnectionError } from '../errors';

describe('the broker\'s internal login', () => {
  it('takes only its own secret; its sessions may use any vhost and resource', () => {
    const b = new Broker();
    const { user, password } = b.internalLogin;
    expect(b.internalLogin.accepts(user, password)).toBe(true);
    expect(b.internalLogin.accepts(user, `${password.slice(1)}x`)).toBe(false);
    expect(b.internalLogin.accepts('guest', password)).toBe(false);
    expect(new Broker().internalLogin.password).not.toBe(password);
    b.addVhost('other');
    const { access } = b.openSession(user, 'other', undefined, true);
    expect(() => access.configure('queue', 'q')).not.toThrow();
    // the same name without the internal login is an ordinary (here unknown) user
    expect(() => b.openSession(user, 'other')).toThrow(ConnectionError);
    expect(() => b.openSession('guest', 'other')).toThrow(ConnectionError); // guest has no permissions there
  });
});
