// @vitest-environment jsdom
// The explorer tools with the fake client: routing debugger, connections, message browser,
// publish form and trace.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BrowsedMessage, BrowsePage } from '../../shared/model/messages';
import type { RouteExplanation } from '../../shared/model/route';
import type { Trace } from '../../shared/model/trace';
import { createFakeClient } from '../ipc/fake-client';
import { renderWithStore } from './render-with-store';
import { ConnectionsView } from './connections/ConnectionsView';
import { MessageBrowser } from './messages/MessageBrowser';
import { visibleRange } from './messages/VirtualList';
import { PublishForm } from './publish/PublishForm';
import { RouteDebugger } from './route/RouteDebugger';
import { headerDiff, TracePanel } from './trace/TracePanel';


const x = (name: string, type: 'topic' | 'headers' | 'fanout' = 'topic') => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const q = (name: string, ready = 0) => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready, unacked: 0, consumers: 0 });

describe('the routing debugger', () => {
  it('asks main as the user types and shows verdicts, the hop, the outcome, and lights the path', async () => {
    const client = createFakeClient({ exchanges: [x('shop'), x('audit', 'fanout')], queues: [q('orders'), q('eu'), q('log')] });
    const asked: string[] = [];
    client.respond('explainRoute', (r): RouteExplanation => {
      asked.push(r.routingKey);
      const hit = r.routingKey === 'order.eu';
      return {
        vhost: '/', exchange: 'shop', routingKeys: [r.routingKey], mandatory: false, queues: hit ? ['log', 'orders'] : [], outcome: hit ? 'routed' : 'dropped',
        visits: [
          { exchange: 'shop', type: 'topic', via: 'published', routingKey: r.routingKey, bindings: [
            { source: 'shop', destination: 'orders', destinationType: 'queue', bindingKey: 'order.*', arguments: {}, matched: hit, reason: hit ? "'*' matched 'eu'" : 'too many words' },
            { source: 'shop', destination: 'audit', destinationType: 'exchange', bindingKey: '#', arguments: {}, matched: hit, reason: '# matches anything' },
          ] },
          ...(hit ? [{ exchange: 'audit', type: 'fanout' as const, via: 'exchange-binding' as const, routingKey: r.routingKey, bindings: [
            { source: 'audit', destination: 'log', destinationType: 'queue' as const, bindingKey: '', arguments: {}, matched: true, reason: 'fanout: every binding matches' },
          ] }] : []),
        ],
      };
    });
    const { store } = renderWithStore(<RouteDebugger />, client);
    fireEvent.change(screen.getByLabelText('Exchange'), { target: { value: 'shop' } });
    fireEvent.change(screen.getByLabelText('Routing key'), { target: { value: 'order.eu' } });
    expect(await screen.findByText(/Routed to 2 queues/)).toBeTruthy();
    expect(screen.getByText("'*' matched 'eu'")).toBeTruthy();
    expect(screen.getByText(/via exchange binding/)).toBeTruthy();
    expect(screen.getByTestId('verdict-audit-log').getAttribute('data-matched')).toBe('true');
    const lit = store.getState().routeLit!;
    expect([...lit.edges].sort()).toEqual(['binding|x:audit>q:log', 'binding|x:shop>q:orders', 'binding|x:shop>x:audit']);
    expect(lit.nodes.has('q:log')).toBe(true);
    fireEvent.change(screen.getByLabelText('Routing key'), { target: { value: 'order.eu.x' } });
    expect(await screen.findByText(/Unroutable: dropped/)).toBeTruthy();
    expect(asked.at(-1)).toBe('order.eu.x');
    await waitFor(() => expect(store.getState().routeLit!.edges.size).toBe(0));
  });

  it('sends typed headers, and shows a wrong exchange in words', async () => {
    const client = createFakeClient({ exchanges: [x('docs', 'headers')] });
    const seen: unknown[] = [];
    client.respond('explainRoute', (r) => { seen.push(r.headers); return { ok: false, error: { code: 'NOT_FOUND', message: "NOT_FOUND - no exchange 'docs' in vhost '/'", replyCode: 404 } }; });
    renderWithStore(<RouteDebugger />, client);
    fireEvent.change(screen.getByLabelText('Exchange'), { target: { value: 'docs' } });
    fireEvent.click(screen.getByRole('button', { name: '+ header' }));
    fireEvent.change(screen.getByLabelText('header 1 name'), { target: { value: 'pages' } });
    fireEvent.change(screen.getByLabelText('header 1 type'), { target: { value: 'int' } });
    fireEvent.change(screen.getByLabelText('header 1 value'), { target: { value: 'two' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/'two' is not a whole number/);
    fireEvent.change(screen.getByLabelText('header 1 value'), { target: { value: '2' } });
    await waitFor(() => expect(seen.at(-1)).toEqual([{ name: 'pages', value: { type: 'int', value: 2 } }]));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not found \(404\): no exchange 'docs'/);
  });

  it("says so when a remote broker's plugin exchange routes by rules Warren does not know", async () => {
    const client = createFakeClient({ exchanges: [x('later')] });
    const unexplained = "Warren cannot say where a 'x-jms-topic' exchange sends a message: its plugin decides, so queues it reaches are not counted";
    client.respond('explainRoute', (r): RouteExplanation => ({
      vhost: '/', exchange: 'later', routingKeys: [r.routingKey], mandatory: false, queues: [], outcome: 'dropped',
      visits: [{ exchange: 'later', type: 'x-jms-topic', via: 'published', routingKey: r.routingKey, unexplained, bindings: [
        { source: 'later', destination: 'q', destinationType: 'queue', bindingKey: 'k', arguments: {}, matched: false, reason: "unknown: a 'x-jms-topic' exchange matches by its plugin's rules" },
      ] }],
    }));
    renderWithStore(<RouteDebugger />, client);
    fireEvent.change(screen.getByLabelText('Exchange'), { target: { value: 'later' } });
    expect((await screen.findByTestId('unexplained')).textContent).toBe(unexplained);
    expect(screen.getByTestId('verdict-later-q').dataset.matched).toBe('false');
  });

  it('says until when a delayed exchange holds the message, with the verdicts of its delayed type', async () => {
    const client = createFakeClient({ exchanges: [x('later')] });
    const until = '2030-01-02T03:04:05.678Z';
    client.respond('explainRoute', (r): RouteExplanation => ({
      vhost: '/', exchange: 'later', routingKeys: [r.routingKey], mandatory: false, queues: ['q'], outcome: 'routed',
      visits: [{ exchange: 'later', type: 'x-delayed-message', via: 'published', routingKey: r.routingKey, delayedUntil: until, bindings: [
        { source: 'later', destination: 'q', destinationType: 'queue', bindingKey: 'k', arguments: {}, matched: true, reason: `delayed until ${until}, then 'k' equals 'k'` },
      ] }],
    }));
    renderWithStore(<RouteDebugger />, client);
    fireEvent.change(screen.getByLabelText('Exchange'), { target: { value: 'later' } });
    expect((await screen.findByTestId('delayed-until')).textContent).toContain(`(${until}); then routed as below`);
    expect(screen.getByTestId('verdict-later-q').dataset.matched).toBe('true');
  });
});

describe('the publish form', () => {
  it('validates a JSON body, publishes every property and header typed, and says what happened', async () => {
    const client = createFakeClient({ exchanges: [x('shop')] });
    client.respond('publish', () => ({ outcome: 'routed', routed: 2, queues: ['a', 'b'], messageId: 9 }));
    const { store } = renderWithStore(<PublishForm />, client);
    fireEvent.change(screen.getByLabelText('Exchange'), { target: { value: 'shop' } });
    fireEvent.change(screen.getByLabelText('Routing key'), { target: { value: 'order.new' } });
    fireEvent.change(screen.getByLabelText('Delivery mode'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Expiration (ms)'), { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Reply to'), { target: { value: 'replies' } });
    fireEvent.click(screen.getByRole('button', { name: '+ header' }));
    fireEvent.change(screen.getByLabelText('header 1 name'), { target: { value: 'retry' } });
    fireEvent.change(screen.getByLabelText('header 1 type'), { target: { value: 'bool' } });
    fireEvent.change(screen.getByLabelText('header 1 value'), { target: { value: 'true' } });
    fireEvent.click(screen.getByLabelText('JSON'));
    fireEvent.change(screen.getByLabelText('Body'), { target: { value: '{"a":' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not valid JSON/);
    // (the form asks only whether MQTT runs)
    expect(client.calls.filter((c) => c.name !== 'getMqtt')).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Body'), { target: { value: '{"a":1}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByTestId('publish-result')).textContent).toBe('Routed to 2 queues: a, b');
    expect(client.calls.find((c) => c.name === 'publish')?.req).toEqual({
      vhost: '/', exchange: 'shop', routingKey: 'order.new', mandatory: false, bodyEncoding: 'text', body: '{"a":1}',
      properties: { deliveryMode: 2, priority: 4, expiration: '5000', replyTo: 'replies', contentType: 'application/json' },
      headers: [{ name: 'retry', value: { type: 'bool', value: true } }],
    });
    expect(store.getState().publishHistory).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Resend' }));
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'publish')).toHaveLength(2));
  });

  it('starts a repeat job in main and stops it', async () => {
    const client = createFakeClient({ exchanges: [x('shop')] });
    const job = { id: 3, vhost: '/', exchange: 'shop', routingKey: '', rate: 10, count: 100, sent: 0, routed: 0, unroutable: 0, rejected: 0, state: 'running' as const };
    client.respond('startPublishJob', () => job);
    client.respond('cancelPublishJob', () => ({ ...job, sent: 12, routed: 12, state: 'cancelled' as const }));
    renderWithStore(<PublishForm />, client);
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByRole('button', { name: 'Stop' })).toBeTruthy();
    client.emit('publishJob', { ...job, sent: 5, routed: 5 });
    expect((await screen.findByTestId('publish-job')).textContent).toMatch(/running: 5\/100 sent/);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByTestId('publish-job').textContent).toMatch(/cancelled: 12\/100/));
  });
});

const row = (i: number, extra: Partial<BrowsedMessage> = {}): BrowsedMessage => ({
  index: i, state: 'ready', seq: 1000 + i, messageId: 50 + i, lineage: 50 + i, exchange: 'work', routingKey: 'job', redelivered: false, deliveries: 0,
  properties: {}, headers: {}, xDeath: [], body: { encoding: 'text', text: `m${i}`, truncated: false }, size: 2, publishedAt: Date.now() - 5000, expiresAt: 0, ...extra,
});

describe('the message browser', () => {
  it('pages a million messages from main, shows one in full, and re-publishes from a DLQ to its origin', async () => {
    const client = createFakeClient({ queues: [q('dlq', 1_000_000)] });
    const asked: number[] = [];
    client.respond('browseQueue', (r): BrowsePage => {
      asked.push(r.offset);
      const messages = Array.from({ length: r.limit }, (_, k) => row(r.offset + k, r.offset + k === 0 ? {
        headers: { 'x-first-death-exchange': 'work', 'x-death': [] },
        xDeath: [{ queue: 'work.q', reason: 'rejected', exchange: 'work', routingKeys: ['job.resize'], count: 1, time: Date.now() }],
        body: { encoding: 'json', text: '{\n  "a": 1\n}', truncated: false },
      } : {}));
      return { total: 1_000_000, ready: 1_000_000, unacked: 0, matched: 1_000_000, scanned: 1_000_000, complete: true, offset: r.offset, messages };
    });
    client.respond('moveMessages', () => ({ moved: 1, unroutable: 0, skipped: 0 }));
    const { store } = renderWithStore(<MessageBrowser />, client);
    store.getState().browse('dlq');
    expect(await screen.findByText('1,000,000 ready · 0 unacked', { exact: false })).toBeTruthy();
    expect(asked).toEqual([0]); // one page for what is on screen, not a million rows
    expect(screen.getByRole('list', { name: 'messages in dlq' }).getAttribute('data-total')).toBe('1000000');
    fireEvent.click(screen.getByTestId('msg-0'));
    expect(screen.getByText(/rejected in/)).toBeTruthy();
    expect(screen.getByTestId('message-body').textContent).toContain('"a": 1');
    fireEvent.click(screen.getByRole('button', { name: 'Re-publish to origin…' }));
    expect((screen.getByLabelText('Exchange') as HTMLInputElement).value).toBe('work');
    expect((screen.getByLabelText('Routing key') as HTMLInputElement).value).toBe('job.resize');
    fireEvent.click(screen.getByRole('button', { name: 'Move 1 message' }));
    await waitFor(() => expect(client.calls.find((c) => c.name === 'moveMessages')?.req).toEqual({
      vhost: '/', queue: 'dlq', seqs: [1000], copy: false, target: { kind: 'exchange', name: 'work', routingKey: 'job.resize' },
    }));
  });

  it('maps a scroll position onto a million rows (the list stays a few dozen elements)', () => {
    const top = visibleRange(0, 400, 1_000_000, 28);
    expect(top).toMatchObject({ first: 0 });
    expect(top.last).toBeLessThan(30);
    const r = visibleRange(8_000_000 - 400, 400, 1_000_000, 28);
    expect(r.last).toBe(999_999);
    expect(r.last - r.first).toBeLessThan(40);
  });
});

describe('the trace panel', () => {
  it('shows the timeline, the header diff of a dead-lettering, where it is now, and the bound', async () => {
    const client = createFakeClient();
    const t0 = Date.now();
    client.respond('getTraceStatus', () => ({ enabled: true, active: true, held: 12, maxMessages: 10_000, maxAgeMs: 600_000, maxPerSecond: 2000, notTraced: 0 }));
    client.respond('listTraces', () => [{ lineage: 7, vhost: '/', exchange: 'work', routingKey: 'job', first: t0, last: t0, steps: 5, lastKind: 'dead-lettered' }]);
    client.respond('getTrace', (): Trace => ({
      lineage: 7, vhost: '/', omitted: 0, gone: false, now: [{ queue: 'dlq', state: 'ready', messageId: 8 }],
      entries: [
        { t: t0, messageId: 7, step: { kind: 'published', exchange: 'work', routingKey: 'job', connectionId: 'amqp-1', connectionName: 'app', size: 3 } },
        { t: t0, messageId: 7, step: { kind: 'routed', exchange: 'work', queues: ['work.q'], hops: [{ source: 'work', destination: 'work.q', destinationType: 'queue', routingKey: 'job' }] } },
        { t: t0, messageId: 7, step: { kind: 'delivered', queue: 'work.q', connectionId: 'amqp-1', consumerTag: 'c1', deliveryTag: 1, redelivered: false } },
        { t: t0, messageId: 7, step: { kind: 'rejected', queue: 'work.q', connectionId: 'amqp-1', requeue: false, method: 'reject' } },
        { t: t0, messageId: 7, step: { kind: 'dead-lettered', queue: 'work.q', reason: 'rejected', exchange: 'dlx', routingKey: 'job', newMessageId: 8, queues: ['dlq'], headersBefore: { a: 1 }, headersAfter: { a: 1, 'x-first-death-queue': 'work.q' } } },
      ],
    }));
    const { store } = renderWithStore(<TracePanel />, client);
    expect((await screen.findByTestId('trace-bound')).textContent).toMatch(/holding 12/);
    fireEvent.click(await screen.findByRole('button', { name: /#7/ }));
    expect(store.getState().tracing).toBe(7);
    expect((await screen.findByTestId('step-dead-lettered')).textContent).toMatch(/Dead-lettered from 'work.q' \(rejected\) to exchange 'dlx'/);
    expect(screen.getByTestId('step-published').textContent).toMatch(/by app \(amqp-1\)/);
    expect(screen.getByTestId('trace-now').textContent).toMatch(/ready in 'dlq'/);
    expect(headerDiff({ a: 1, b: 2 }, { a: 1, b: 3, c: 4 })).toEqual([{ name: 'b', before: 2, after: 3, change: 'changed' }, { name: 'c', after: 4, change: 'added' }]);
  });
});

describe('the connections view', () => {
  it('shows channels with prefetch, unacked and consumers, and closes with the typed reason', async () => {
    const client = createFakeClient();
    client.respond('listConnections', () => [{
      id: 'amqp-3', protocol: 'AMQP 0-9-1', address: '127.0.0.1:5555', user: 'guest', vhost: '/', clientProperties: { connection_name: 'billing', product: 'amqplib' }, connectedAt: Date.now(),
      details: { protocol: 'amqp-0-9-1', channels: [{ connectionId: 'amqp-3', channel: 1, prefetch: 10, globalPrefetch: 0, unacked: 4, confirm: true, transactional: false, consumers: [{ tag: 'ctag', queue: 'invoices', noAck: false, exclusive: false, unacked: 4, prefetch: 0, arguments: {} }] }] },
    }]);
    renderWithStore(<ConnectionsView />, client);
    const card = await screen.findByRole('region', { name: 'connection billing' });
    expect(card.textContent).toMatch(/127\.0\.0\.1:5555/);
    expect(screen.getByTestId('channel-amqp-3-1').textContent).toMatch(/^110.*4confirmctag on invoices/);
    fireEvent.change(screen.getByLabelText('reason to close billing'), { target: { value: 'too chatty' } });
    fireEvent.click(screen.getByRole('button', { name: 'Close connection' }));
    await waitFor(() => expect(client.calls.find((c) => c.name === 'closeConnection')?.req).toEqual({ id: 'amqp-3', reason: 'too chatty' }));
  });

  it('shows an MQTT session: client id, persistence, keep-alive and subscriptions with their QoS', async () => {
    const client = createFakeClient();
    client.respond('listConnections', () => [{
      id: 'mqtt-4', protocol: 'MQTT 3.1.1', address: '127.0.0.1:6000', user: 'guest', vhost: '/', clientProperties: { client_id: 'sensor-7', product: 'MQTT client' }, connectedAt: Date.now(),
      details: { protocol: 'mqtt', channels: [], mqtt: { version: 4, clientId: 'sensor-7', cleanSession: false, keepAlive: 30, subscriptions: [{ filter: 'home/+/temp', qos: 1, queue: 'mqtt-subscription-sensor-7qos1' }] } },
    }]);
    renderWithStore(<ConnectionsView />, client);
    await screen.findByRole('region', { name: 'connection sensor-7' });
    const session = screen.getByTestId('mqtt-mqtt-4');
    expect(session.textContent).toMatch(/client id sensor-7 · persistent session · keep-alive 30 s/);
    expect(session.textContent).toMatch(/home\/\+\/temp1mqtt-subscription-sensor-7qos1/);
  });
});
