import { describe, expect, it } from 'vitest';
import { InvalidPermissionError, Permissions, permissionName, refusedText } from './permissions';

const all = { configure: '.*', write: '.*', read: '.*' };

describe('permissions', () => {
  it('match resource names unanchored, per access kind, per vhost', () => {
    const p = new Permissions();
    p.set({ user: 'app', vhost: 'app', configure: '^app\\.', write: 'orders', read: '' });
    expect(p.allows('app', 'app', 'configure', 'app.q1')).toBe(true);
    expect(p.allows('app', 'app', 'configure', 'x.app.q1')).toBe(false);
    expect(p.allows('app', 'app', 'write', 'new-orders-2')).toBe(true); // unanchored, as Erlang's re:run
    expect(p.allows('app', 'app', 'read', 'anything')).toBe(false); // an empty expression grants nothing
    expect(p.allows('app', '/', 'configure', 'app.q1')).toBe(false);
    expect(p.canAccessVhost('app', 'app')).toBe(true);
    expect(p.canAccessVhost('app', '/')).toBe(false);
  });

  it('name the default exchange amq.default, as RabbitMQ does', () => {
    expect(permissionName('exchange', '')).toBe('amq.default');
    expect(refusedText('exchange', '', '/', 'u')).toBe("access to exchange 'amq.default' in vhost '/' refused for user 'u'");
    expect(refusedText('queue', 'q', 'v', 'u')).toBe("access to queue 'q' in vhost 'v' refused for user 'u'");
  });

  it('refuses an expression that does not compile', () => {
    expect(() => new Permissions().set({ user: 'u', vhost: '/', configure: '(', write: '', read: '' })).toThrow(InvalidPermissionError);
  });

  it('narrow topic exchanges by routing key, with variables, and allow all where none is set', () => {
    const p = new Permissions();
    p.set({ user: 'dev.1', vhost: '/', ...all });
    p.setTopic({ user: 'dev.1', vhost: '/', exchange: 'amq.topic', write: '^devices\\.{username}\\.', read: '^devices\\.' });
    const vars = { username: 'dev.1', vhost: '/' };
    expect(p.allowsTopic('dev.1', '/', 'amq.topic', 'write', 'devices.dev.1.temp', vars)).toBe(true);
    expect(p.allowsTopic('dev.1', '/', 'amq.topic', 'write', 'devices.devX1.temp', vars)).toBe(false); // the dot is literal
    expect(p.allowsTopic('dev.1', '/', 'amq.topic', 'read', 'devices.other.temp', vars)).toBe(true);
    expect(p.allowsTopic('dev.1', '/', 'other.topic', 'write', 'anything', vars)).toBe(true);
  });

  it('forget a deleted user or vhost', () => {
    const p = new Permissions();
    p.set({ user: 'a', vhost: 'v1', ...all });
    p.set({ user: 'a', vhost: 'v2', ...all });
    p.set({ user: 'b', vhost: 'v1', ...all });
    p.setTopic({ user: 'a', vhost: 'v1', exchange: 't', write: '', read: '' });
    p.forgetVhost('v1');
    expect(p.list().map((x) => `${x.user}@${x.vhost}`)).toEqual(['a@v2']);
    expect(p.listTopic()).toEqual([]);
    p.forgetUser('a');
    expect(p.list()).toEqual([]);
  });
});
