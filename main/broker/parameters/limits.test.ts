import { describe, expect, it } from 'vitest';
import { Broker } from '../broker';
import { ChannelError, ConnectionError } from '../errors';
import { FakeClient } from '../../test-support/core-fakes';
import { checkLimits, InvalidLimitError, reached, withLimit } from './limits';

describe('limits', () => {
  it('checks values and names with RabbitMQ\'s texts', () => {
    expect(checkLimits('vhost', { 'max-queues': 3, 'max-connections': -1 })).toEqual({ 'max-queues': 3, 'max-connections': -1 });
    expect(checkLimits('user', [])).toEqual({});
    expect(() => checkLimits('vhost', { 'max-queues': 1.5 })).toThrow(new InvalidLimitError('max-queues should be a number, actually was 1.5'));
    expect(() => checkLimits('user', { 'max-queues': 1 })).toThrow('Unrecognised terms [{<<"max-queues">>,1}] in user-limits');
    expect(() => checkLimits('vhost', 'x')).toThrow(InvalidLimitError);
  });

  it('counts a limit as reached only when it is set and not negative', () => {
    expect(reached(undefined, 100)).toBe(false);
    expect(reached(-1, 100)).toBe(false);
    expect(reached(0, 0)).toBe(true);
    expect(reached(2, 1)).toBe(false);
    expect(reached(2, 2)).toBe(true);
    expect(withLimit(withLimit({}, 'max-queues', 2), 'max-queues', undefined)).toEqual({});
  });

  it('the core refuses the queue and the session past the limits', () => {
    const b = new Broker();
    const v = b.vhost('/')!;
    v.limits = { 'max-queues': 1, 'max-connections': 1 };
    const declare = (name: string) => v.declareQueue({ name, passive: false, durable: false, exclusive: false, autoDelete: false, args: [] }, null);
    declare('a');
    expect(() => declare('b')).toThrow(ChannelError);
    b.openSession('guest', '/');
    b.clientOpened(new FakeClient('c1'));
    expect(() => b.openSession('guest', '/')).toThrow(ConnectionError);
    b.users.setLimits('guest', { 'max-channels': 0 });
    expect(() => b.openChannel('guest')).toThrow(/maximum allowed user limit of \(0\)/);
  });
});
