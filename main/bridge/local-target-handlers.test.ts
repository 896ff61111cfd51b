// The embedded broker's answers to the window's remote-target commands: returning dead letters
// moves them home through the message browser's move; the firehose is not there (it traces itself).
import { beforeEach, describe, expect, it } from 'vitest';
import type { DelayedList } from '../../shared/model/topology';
import { Broker } from '../broker/broker';
import { until } from '../test-support/wait';
import { createBridge, type Bridge } from './bridge';
import { MemoryLayoutStore } from './layout-store';

let broker: Broker;
let bridge: Bridge;
beforeEach(() => {
  broker = new Broker();
  bridge = createBridge(broker, new MemoryLayoutStore());
});

const ok = async <T>(p: Promise<{ ok: boolean; value?: T; error?: unknown }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
};
const queue = (name: string, extra: Record<string, unknown> = {}) =>
  ok(bridge.dispatch('declareQueue', { vhost: '/', name, durable: false, exclusive: false, autoDelete: false, ...extra }));
const exchange = (name: string, type: string) =>
  ok(bridge.dispatch('declareExchange', { vhost: '/', name, type, durable: false, autoDelete: false, internal: false }));
const bind = (source: string, destination: string, routingKey: string) =>
  ok(bridge.dispatch('bind', { vhost: '/', source, destination, destinationType: 'queue', routingKey, arguments: {} }));
const publish = (exchange: string, routingKey: string, messageId: string) => ok(bridge.dispatch('publish', {
  vhost: '/', exchange, routingKey, mandatory: false, properties: { messageId }, headers: [], body: messageId, bodyEncoding: 'text',
}));
const ids = (name: string): string[] => [...broker.vhost('/')!.queue(name)!.messages].map((e) => String(e.message.properties.messageId));
const count = (name: string): number => broker.vhost('/')!.queue(name)!.messageCount;

/** work-a (from direct src-a) and work-b (from topic src-b) expire everything into dlq through dlx */
async function deadLetters(perSource: number): Promise<void> {
  await exchange('dlx', 'fanout');
  await queue('dlq');
  await bind('dlx', 'dlq', '');
  await exchange('src-a', 'direct');
  await exchange('src-b', 'topic');
  await queue('work-a', { deadLetterExchange: 'dlx', messageTtl: 0 });
  await queue('work-b', { deadLetterExchange: 'dlx', messageTtl: 0 });
  await bind('src-a', 'work-a', 'a');
  await bind('src-b', 'work-b', 'b.#');
  for (let i = 0; i < perSource; i++) {
    await publish('src-a', 'a', `a-${i}`);
    await publish('src-b', 'b.x', `b-${i}`);
  }
  await until(() => count('dlq') === 2 * perSource, { what: 'the dead letters' });
  // from now on the work queues keep what arrives
  await ok(bridge.dispatch('deleteQueue', { vhost: '/', name: 'work-a' }));
  await ok(bridge.dispatch('deleteQueue', { vhost: '/', name: 'work-b' }));
  await queue('work-a');
  await queue('work-b');
  await bind('src-a', 'work-a', 'a');
  await bind('src-b', 'work-b', 'b.#');
}

describe('returnDeadLetters on the embedded broker', () => {
  it('moves every dead letter to its first exchange and key; none lost, none doubled', async () => {
    await deadLetters(100);
    expect(await ok(bridge.dispatch('returnDeadLetters', { vhost: '/', queue: 'dlq', max: 1000 }))).toEqual({ moved: 200, skipped: 0, failed: 0 });
    expect(count('dlq')).toBe(0);
    expect(ids('work-a').sort()).toEqual([...Array(100).keys()].map((i) => `a-${i}`).sort());
    expect(ids('work-b').sort()).toEqual([...Array(100).keys()].map((i) => `b-${i}`).sort());
  });

  it('leaves what has no first death, or would route nowhere, and looks at no more than max', async () => {
    await deadLetters(3);
    await publish('', 'dlq', 'stray');
    await ok(bridge.dispatch('unbind', { vhost: '/', source: 'src-b', destination: 'work-b', destinationType: 'queue', routingKey: 'b.#', arguments: {} }));
    expect(await ok(bridge.dispatch('returnDeadLetters', { vhost: '/', queue: 'dlq', max: 4 }))).toEqual({ moved: 2, skipped: 2, failed: 0 });
    expect(ids('work-a')).toHaveLength(2);
    expect(count('dlq')).toBe(5);
    expect(await ok(bridge.dispatch('returnDeadLetters', { vhost: '/', queue: 'dlq', max: 100 }))).toEqual({ moved: 1, skipped: 4, failed: 0 });
    expect(ids('dlq').sort()).toEqual(['b-0', 'b-1', 'b-2', 'stray']);
  });

  it('answers NOT_FOUND for a missing queue or vhost', async () => {
    expect(await bridge.dispatch('returnDeadLetters', { vhost: '/', queue: 'nope', max: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining("no queue 'nope'") } });
    expect(await bridge.dispatch('returnDeadLetters', { vhost: 'nope', queue: 'q', max: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the firehose on the embedded broker', () => {
  it('is not available (the broker traces itself), and switching it is refused', async () => {
    expect(await ok(bridge.dispatch('getFirehose', { vhost: '/' }))).toMatchObject({ on: false, available: false, reason: expect.stringContaining('Trace tool') });
    expect(await bridge.dispatch('setFirehose', { vhost: '/', on: true })).toMatchObject({ ok: false, error: { code: 'NOT_IMPLEMENTED' } });
  });
});

describe('an x-delayed-message exchange on the embedded broker', () => {
  const delayedPublish = (routingKey: string, delay: number, body: string) => ok(bridge.dispatch('publish', {
    vhost: '/', exchange: 'later', routingKey, mandatory: true, properties: {}, headers: [{ name: 'x-delay', value: { type: 'int', value: delay } }], body, bodyEncoding: 'text',
  }));

  it('is declared with the type it routes as, and lists its waiting messages soonest first', async () => {
    await ok(bridge.dispatch('declareExchange', { vhost: '/', name: 'later', type: 'x-delayed-message', arguments: { 'x-delayed-type': 'topic' }, durable: false, autoDelete: false, internal: false }));
    expect(broker.vhost('/')!.exchange('later')!.routingType).toBe('topic');
    const before = Date.now();
    expect(await delayedPublish('b.late', 90_000, 'late')).toMatchObject({ outcome: 'delayed', routed: 0, queues: [], dueAt: expect.any(Number) });
    await delayedPublish('a.soon', 30_000, 'soonest');
    const list = await ok(bridge.dispatch('listDelayed', { vhost: '/', exchange: 'later', limit: 1 })) as DelayedList;
    expect(list).toMatchObject({ exchange: 'later', count: 2, listed: true, messages: [{ routingKey: 'a.soon', size: 7 }] });
    expect(list.messages[0].due).toBeGreaterThanOrEqual(before + 30_000);
    expect(list.messages[0].due).toBeLessThanOrEqual(Date.now() + 30_000);
    await ok(bridge.dispatch('deleteExchange', { vhost: '/', name: 'later' }));
    await ok(bridge.dispatch('declareExchange', { vhost: '/', name: 'later', type: 'x-delayed-message', arguments: { 'x-delayed-type': 'direct' }, durable: false, autoDelete: false, internal: false }));
    expect(await ok(bridge.dispatch('listDelayed', { vhost: '/', exchange: 'later', limit: 10 }))).toMatchObject({ count: 0, messages: [] });
  });

  it('says why when the type is missing, the exchange holds nothing by its type, or the request is bad', async () => {
    expect(await bridge.dispatch('declareExchange', { vhost: '/', name: 'later', type: 'x-delayed-message', durable: false, autoDelete: false, internal: false }))
      .toMatchObject({ ok: false, error: { replyCode: 406, message: expect.stringContaining("'x-delayed-type' must be an existing exchange type") } });
    await exchange('plain', 'direct');
    expect(await bridge.dispatch('listDelayed', { vhost: '/', exchange: 'plain', limit: 10 }))
      .toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('only an x-delayed-message exchange holds messages') } });
    expect(await bridge.dispatch('listDelayed', { vhost: '/', exchange: 'nope', limit: 10 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bridge.dispatch('listDelayed', { vhost: '/', exchange: 'plain', limit: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('limit must be 1 to 1000') } });
  });
});
