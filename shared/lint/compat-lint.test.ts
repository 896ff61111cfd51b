import { describe, expect, it } from 'vitest';
import { formatWarning, lint, type LintInput } from './compat-lint';
import type { PolicyDefinition } from '../codegen/topology';

const q = (name: string, over: Partial<{ durable: boolean; exclusive: boolean; arguments: Record<string, unknown> }> = {}) =>
  ({ name, durable: true, auto_delete: false, exclusive: false, arguments: {}, ...over }) as never;
const rules = (input: LintInput): string[] => lint(input).map((w) => `${w.entity.kind} ${w.entity.name}: ${w.rule}`);

describe('the compatibility lint', () => {
  it('a transient queue is flagged unless exclusive; a durable one never', () => {
    expect(rules({ definitions: { queues: [q('tmp', { durable: false }), q('mine', { durable: false, exclusive: true }), q('kept')] } }))
      .toEqual(['queue tmp: transient-nonexclusive-queue']);
  });

  it('quorum queues: the default delivery limit unless set by argument or policy, and reject-publish-dlx', () => {
    const definitions = {
      queues: [
        q('jobs', { arguments: { 'x-queue-type': 'quorum' } }),
        q('limited', { arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } }),
        q('by-policy', { arguments: { 'x-queue-type': 'quorum' } }),
        q('full', { arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-overflow': 'reject-publish-dlx' } }),
        q('classic-full', { arguments: { 'x-overflow': 'reject-publish-dlx' } }),
      ],
      policies: <PolicyDefinition[]>[
        { name: 'low', pattern: '^by-', priority: 0, definition: { 'max-length': 5 } },
        { name: 'dl', pattern: '^by-', 'apply-to': 'queues', priority: 1, definition: { 'delivery-limit': 3 } },
      ],
    };
    expect(rules({ definitions })).toEqual(['queue jobs: quorum-delivery-limit', 'queue full: quorum-reject-publish-dlx']);
  });

  it('a policy of lower priority does not count', () => {
    const definitions = {
      queues: [q('by-x', { arguments: { 'x-queue-type': 'quorum' } })],
      policies: <PolicyDefinition[]>[
        { name: 'dl', pattern: '^by-', priority: 0, definition: { 'delivery-limit': 3 } },
        { name: 'hi', pattern: '^by-', priority: 5, definition: { 'max-length': 5 } },
      ],
    };
    expect(rules({ definitions })).toEqual(['queue by-x: quorum-delivery-limit']);
  });

  it('mirroring policies, lazy mode, master locator, queue version 1, plugin types and x-match with-x', () => {
    const definitions = {
      queues: [q('lazy', { arguments: { 'x-queue-mode': 'lazy' } }), q('old', { arguments: { 'x-queue-version': 1, 'x-queue-master-locator': 'min-masters' } })],
      exchanges: [{ name: 'hash', type: 'x-consistent-hash', durable: true, auto_delete: false, internal: false, arguments: {} }, { name: 't', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }],
      bindings: [{ source: 'h', destination: 'lazy', destination_type: 'queue' as const, routing_key: '', arguments: { 'x-match': 'any-with-x', 'x-a': 1 } }],
      policies: [{ name: 'ha', pattern: '.*', definition: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic' } }],
    };
    expect(rules({ definitions })).toEqual([
      'queue lazy: queue-mode', 'queue lazy: mirroring-policy', 'queue old: queue-version-1', 'queue old: queue-master-locator', 'queue old: mirroring-policy',
      'exchange hash: plugin-exchange-type', 'binding h → lazy (): x-match-with-x', 'policy ha: classic-mirroring',
    ]);
    expect(lint({ definitions }).find((w) => w.rule === 'classic-mirroring')!.message).toContain('(ha-mode, ha-sync-mode) was removed in RabbitMQ 4.0');
  });

  it('an MQTT subscription bound with a dotted topic (a / in the key)', () => {
    const definitions = {
      queues: [q('mqtt-subscription-c1qos1'), q('mqtt-subscription-c2qos1')],
      bindings: [
        { source: 'amq.topic', destination: 'mqtt-subscription-c1qos1', destination_type: 'queue' as const, routing_key: 'sensors.v1/temp', arguments: {} },
        { source: 'amq.topic', destination: 'mqtt-subscription-c2qos1', destination_type: 'queue' as const, routing_key: 'sensors.temp', arguments: {} },
      ],
    };
    expect(rules({ definitions })).toEqual(['queue mqtt-subscription-c1qos1: mqtt-topic-dots']);
  });

  it('a channel with global prefetch', () => {
    const channels = [{ name: 'c (1)', globalPrefetch: 10 }, { name: 'c (2)', globalPrefetch: 0 }];
    expect(rules({ definitions: {}, channels })).toEqual(['channel c (1): global-qos']);
  });

  it('each warning says what to do and cites a version', () => {
    const [w] = lint({ definitions: { queues: [q('tmp', { durable: false })] } });
    expect(formatWarning(w!)).toBe('queue "tmp": a non-durable, non-exclusive queue: RabbitMQ 4.3 refuses to declare it by default (deprecated feature transient_nonexcl_queues) [RabbitMQ 4.3]\n    instead: make it durable (with a queue TTL, x-expires, to clean it up) or exclusive to its connection');
  });
});
