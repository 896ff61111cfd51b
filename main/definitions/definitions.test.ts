// Import and export of RabbitMQ's definitions JSON on the core alone (the HTTP and reference
// checks are in main/integration/management-definitions.test.ts and definitions-roundtrip.test.ts).
import { describe, expect, it } from 'vitest';
import { coreBroker, FakeClient } from '../test-support/core-fakes';
import { exportDefinitions, exportVhostDefinitions } from './export';
import { DefinitionsError, parseDefinitions } from './format';
import { importDefinitions, importVhostDefinitions } from './import';

const versions = { rabbitmq: '3.10.8', product: { name: 'Warren', version: '0.0.0' } };
const reason = (op: () => void): unknown => {
  try { op(); } catch (err) { if (err instanceof DefinitionsError) return err.reason; throw err; }
  return 'no error';
};

describe('parseDefinitions', () => {
  it('takes a JSON object only', () => {
    expect(parseDefinitions('{"queues":[]}')).toEqual({ queues: [] });
    for (const bad of ['', 'nope', '[1]', 'null', '3']) expect(reason(() => parseDefinitions(bad))).toBe('failed_to_parse_json');
  });
});

describe('importDefinitions', () => {
  it('applies policies and keeps parameters, replacing those of the same name, and exports them again', () => {
    const b = coreBroker();
    const p1 = { vhost: '/', name: 'p', pattern: '^a', 'apply-to': 'queues', definition: { 'max-length': 1 }, priority: 0 };
    importDefinitions(b, { policies: [p1], global_parameters: [{ name: 'cluster_name', value: 'w' }] });
    importVhostDefinitions(b, '/', { policies: [{ name: 'p', pattern: '^b', 'apply-to': 'all', definition: { 'max-length': 2 }, priority: 1 }], parameters: [{ component: 'federation-upstream', name: 'up', value: {} }] });
    const all = exportDefinitions(b, versions);
    expect(all.policies).toEqual([{ vhost: '/', name: 'p', pattern: '^b', 'apply-to': 'all', definition: { 'max-length': 2 }, priority: 1 }]);
    expect(b.policies('policy').map((p) => p.pattern)).toEqual(['^b']); // applied, not just kept
    expect(() => importDefinitions(b, { policies: [{ vhost: '/', name: 'bad', pattern: '.', definition: { nonsense: 1 } }] })).toThrow(/Validation failed/);
    expect(all.global_parameters).toEqual([{ name: 'cluster_name', value: 'w' }]);
    expect(exportVhostDefinitions(b, b.vhost('/')!, versions).parameters).toEqual([{ component: 'federation-upstream', name: 'up', value: {} }]);
    b.deleteVhost('/');
    expect(exportDefinitions(b, versions)).toMatchObject({ policies: [], parameters: [], global_parameters: [{ name: 'cluster_name', value: 'w' }] });
  });

  it('leaves an existing queue as it is, passes over amq.* exchanges and bindings whose ends are missing', () => {
    const b = coreBroker();
    importDefinitions(b, { queues: [{ name: 'q', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 1 } }] });
    importDefinitions(b, {
      queues: [{ name: 'q', vhost: '/', durable: false, auto_delete: true, arguments: {} }],
      exchanges: [{ name: 'amq.mine', vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} }],
      bindings: [
        { source: 'nope', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: 'k', arguments: {} },
        { source: 'amq.direct', vhost: '/', destination: 'nope', destination_type: 'queue', routing_key: 'k', arguments: {} },
      ],
    });
    const out = exportDefinitions(b, versions);
    expect(out.queues).toEqual([{ name: 'q', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 1 } }]);
    expect(out.exchanges).toEqual([]);
    expect(out.bindings).toEqual([]);
  });

  it('refuses what RabbitMQ refuses, with its reasons', () => {
    const b = coreBroker();
    expect(reason(() => importDefinitions(b, { queues: 'x' as never }))).toBe('function_clause');
    expect(reason(() => importDefinitions(b, { users: [{ name: 'u', password_hash: '', hashing_algorithm: 'rot13', tags: [] }] }))).toEqual(['unknown_hashing_algorithm', 'rot13']);
    expect(reason(() => importDefinitions(b, { permissions: [{ user: 'guest', vhost: '/', configure: '(', write: '', read: '' }] }))).toEqual(['invalid_regexp', expect.stringContaining("'('")]);
    expect(reason(() => importVhostDefinitions(b, 'nope', {}))).toBe('vhost_not_found');
  });

  it('does not export exclusive queues nor their bindings', () => {
    const b = coreBroker();
    const v = b.vhost('/')!;
    const owner = new FakeClient();
    v.declareQueue({ name: 'mine', passive: false, durable: false, exclusive: true, autoDelete: false, args: [] }, owner);
    v.bindQueue('mine', 'amq.fanout', '', [], owner);
    const out = exportDefinitions(b, versions);
    expect(out.queues).toEqual([]);
    expect(out.bindings).toEqual([]);
  });
});
