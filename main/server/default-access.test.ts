import { describe, expect, it } from 'vitest';
import { coreBroker } from '../test-support/core-fakes';
import { dropDefaultAccess, seedDefaultAccess } from './default-access';

describe('seedDefaultAccess', () => {
  it('replaces guest on / by the given administrator and vhost', () => {
    const b = coreBroker();
    seedDefaultAccess(b, { user: 'admin', password: 'pw', vhost: 'app' });
    expect([...b.vhosts.keys()]).toEqual(['app']);
    expect(b.users.list().map((u) => [u.name, u.tags])).toEqual([['admin', ['administrator']]]);
    expect(b.permissions.list()).toEqual([{ user: 'admin', vhost: 'app', configure: '.*', write: '.*', read: '.*' }]);
    expect(b.users.authenticate('admin', 'pw', false).ok).toBe(true);
  });

  it('a vhost alone gives guest its permissions there; a password alone changes guest\'s', () => {
    const b = coreBroker();
    seedDefaultAccess(b, { vhost: 'v' });
    expect(b.permissions.list()).toEqual([{ user: 'guest', vhost: 'v', configure: '.*', write: '.*', read: '.*' }]);
    const c = coreBroker();
    seedDefaultAccess(c, { password: 'new' });
    expect(c.users.authenticate('guest', 'new', true).ok).toBe(true);
    expect(c.users.authenticate('guest', 'guest', true).ok).toBe(false);
    expect([...c.vhosts.keys()]).toEqual(['/']);
  });

  it('nothing given: RabbitMQ\'s guest on /', () => {
    const b = coreBroker();
    seedDefaultAccess(b, {});
    expect(b.users.list().map((u) => u.name)).toEqual(['guest']);
    expect(b.users.authenticate('guest', 'guest', true).ok).toBe(true);
  });

  it('with definitions to load there is neither guest nor /', () => {
    const b = coreBroker();
    dropDefaultAccess(b);
    expect([b.vhosts.size, b.users.size, b.permissions.list()]).toEqual([0, 0, []]);
  });
});
