import { describe, expect, it } from 'vitest';
import { CHANGING_COMMANDS, type CommandName, type Req } from '../../shared/ipc/contract';
import { changeSentence, whereLabel } from './change-sentence';
import { STAGING } from '../features/target/remote-fixtures';

describe('the sentence a remote change is confirmed with', () => {
  it('says what changes and where', () => {
    expect(changeSentence('declareQueue', { vhost: '/', name: 'orders', durable: true, exclusive: false, autoDelete: false }, STAGING))
      .toBe("Declare queue 'orders' in vhost '/' on staging (RabbitMQ at mq.example.com:15672)?");
    expect(changeSentence('moveMessages', { vhost: '/', queue: 'dlq', seqs: [1, 2], target: { kind: 'exchange', name: '' }, copy: false }, STAGING))
      .toBe("Move 2 messages from queue 'dlq' to exchange '(AMQP default)' on staging (RabbitMQ at mq.example.com:15672)?");
    expect(whereLabel({ ...STAGING, managementUrl: null })).toBe('staging (RabbitMQ)');
  });

  it('has its own words for every changing command (none falls back to "Run <command>")', () => {
    const req = { vhost: 'v', name: 'n', queue: 'q', seqs: [], target: { kind: 'queue', name: 't' }, exchange: 'x', routingKey: 'k', topic: 't',
      user: 'u', id: 'c', kind: 'policy', count: 1, rate: 1, max: 1, source: 's', destination: 'd', destinationType: 'queue', on: true,
      spec: { vhost: 'v', exchange: 'x', queue: 'q', rate: 1 } } as unknown;
    const generic = [...CHANGING_COMMANDS].filter((c: CommandName) => changeSentence(c, req as Req<typeof c>, STAGING).startsWith('Run '));
    expect(generic).toEqual([]);
  });
});
