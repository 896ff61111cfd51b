// Policy definitions are checked key by key with RabbitMQ 3.10.8's texts (taken from the reference).
import { describe, expect, it } from 'vitest';
import { QUEUE_ARGUMENTS } from '../../../shared/model/queue-arguments';
import { checkPolicy } from './policy-input';
import { definitionProblem, POLICY_KEYS, unhonouredKeys } from './policy-keys';

describe('policy keys', () => {
  it('refuses keys that are no policy keys, all of them together, in Erlang terms', () => {
    expect(definitionProblem({ nonsense: 1 }, false)).toBe('[{<<"nonsense">>,1}] are not recognised policy settings');
    expect(definitionProblem({ a: 'x', 'max-length': 1, b: true }, false)).toBe('[{<<"a">>,<<"x">>},{<<"b">>,true}] are not recognised policy settings');
  });

  it('checks each value with its key validator', () => {
    expect(definitionProblem({ 'message-ttl': 'x' }, false)).toBe('<<"x">> is not a valid message TTL');
    expect(definitionProblem({ 'max-length': -1 }, false)).toBe('-1 is not a valid maximum length');
    expect(definitionProblem({ expires: 0 }, false)).toBe('0 is not a valid queue expiry');
    expect(definitionProblem({ overflow: 'x' }, false)).toBe('<<"x">> is not a valid overflow value');
    expect(definitionProblem({ 'delivery-limit': 'x' }, false)).toBe('<<"x">> is not a valid delivery limit');
    expect(definitionProblem({ 'message-ttl': 0, 'dead-letter-exchange': 'dlx', overflow: 'reject-publish' }, false)).toBeNull();
  });

  it('an empty definition is no policy', () => {
    expect(definitionProblem({}, false)).toBe('no policy provided');
  });

  it('accepts what RabbitMQ knows but Warren does not act on, and names it', () => {
    expect(definitionProblem({ 'ha-mode': 'all', 'ha-sync-mode': 'automatic', 'queue-mode': 'lazy' }, false)).toBeNull();
    expect(unhonouredKeys({ 'ha-mode': 'all', 'message-ttl': 5, 'queue-mode': 'lazy' })).toEqual(['ha-mode', 'queue-mode']);
    expect(definitionProblem({ 'ha-params': 2 }, false)).toBe('ha-mode must be specified to specify ha-params, ha-sync-mode or ha-promote-on-shutdown');
  });

  it('operator policies take the numeric limits only', () => {
    expect(definitionProblem({ 'message-ttl': 5, 'max-length': 3, expires: 10, 'delivery-limit': 2 }, true)).toBeNull();
    expect(definitionProblem({ 'ha-mode': 'all' }, true)).toBe('[{<<"ha-mode">>,<<"all">>}] are not recognised policy settings');
    expect(definitionProblem({ overflow: 'x' }, true)).toBe('[{<<"overflow">>,<<"x">>}] are not recognised policy settings');
  });

  it('every queue argument a policy may set has a key validator', () => {
    for (const a of QUEUE_ARGUMENTS) if ('policy' in a) expect(POLICY_KEYS.has(a.policy.key), a.policy.key).toBe(true);
  });

  it('checks pattern, apply-to and priority as rabbit_policy does', () => {
    const base = { pattern: '^q', definition: { 'max-length': 1 } };
    expect(checkPolicy('policy', '/', 'p', base)).toEqual({ vhost: '/', name: 'p', pattern: '^q', applyTo: 'all', priority: 0, definition: { 'max-length': 1 } });
    expect(() => checkPolicy('policy', '/', 'p', { ...base, pattern: '(' })).toThrow(/^pattern should be regular expression but is invalid/);
    expect(() => checkPolicy('policy', '/', 'p', { ...base, pattern: 5 })).toThrow('pattern should be a binary but was 5');
    expect(() => checkPolicy('policy', '/', 'p', { ...base, applyTo: 'classic_queues' }))
      .toThrow("apply-to 'classic_queues' unrecognised; should be 'queues', 'exchanges' or 'all'");
    expect(() => checkPolicy('policy', '/', 'p', { ...base, priority: '5' })).toThrow('priority should be a number, actually was <<"5">>');
  });
});
