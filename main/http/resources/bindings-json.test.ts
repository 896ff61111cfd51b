import { describe, expect, it } from 'vitest';
import type { Binding } from '../../broker/exchanges/binding';
import { jsonToTable } from '../amqp-json';
import { matchesPropertiesKey, propertiesKey, quoteRoutingKey } from './bindings-json';

const binding = (routingKey: string, args: Record<string, unknown> = {}): Binding => ({ routingKey, args: jsonToTable(args) }) as unknown as Binding;

describe('properties keys', () => {
  it('quote the routing key as RabbitMQ does (values seen on 3.10.8)', () => {
    expect(quoteRoutingKey('a b~c/d')).toBe('a+b%7Ec%2Fd');
    expect(propertiesKey('a.#', {})).toBe('a.%23');
    expect(propertiesKey('', {})).toBe('~');
    expect(propertiesKey('a.#', { x: 1 })).toMatch(/^a\.%23~[A-Za-z0-9_-]{6}$/);
    expect(propertiesKey('a.#', { x: 1 })).not.toBe(propertiesKey('a.#', { x: 2 }));
  });

  it('find a binding by its key, or by the raw routing key when it has no arguments', () => {
    const b = binding('task.*');
    expect(matchesPropertiesKey(b, propertiesKey('task.*', {}))).toBe(true);
    expect(matchesPropertiesKey(b, 'task.*')).toBe(true);
    expect(matchesPropertiesKey(b, 'task.x')).toBe(false);
    const withArgs = binding('k', { x: 1 });
    expect(matchesPropertiesKey(withArgs, propertiesKey('k', { x: 1 }))).toBe(true);
    expect(matchesPropertiesKey(withArgs, 'k')).toBe(false);
    expect(matchesPropertiesKey(binding(''), '~')).toBe(true);
    expect(matchesPropertiesKey(b, '%E0%A4%A')).toBe(false);
  });
});
