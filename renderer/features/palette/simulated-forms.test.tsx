// @vitest-environment jsdom
// The producer and consumer forms as a learner fills them in: every field reaches the request,
// a wrong field is named before anything is sent, and the broker's refusal shows under the form.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SimulatedClient, SimulatedSpec } from '../../../shared/model/simulate';
import type { ExchangeInfo, QueueInfo } from '../../../shared/model/topology';
import { createFakeClient, emptySnapshot } from '../../ipc/fake-client';
import { renderWithStore } from '../render-with-store';
import { ConsumerForm } from './ConsumerForm';
import { ProducerForm } from './ProducerForm';
import { Palette } from './Palette';
import { Toolbar } from '../toolbar/Toolbar';
import { STAGING } from '../target/remote-fixtures';

const x = (name: string): ExchangeInfo => ({ vhost: '/', name, type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
const q = (name: string): QueueInfo => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready: 0, unacked: 0, consumers: 0 });

function client() {
  const base = emptySnapshot();
  const c = createFakeClient({ exchanges: [...base.exchanges, x('orders')], queues: [q('work'), q('dlq')] });
  const started: SimulatedClient[] = [];
  c.respond('startSimulated', (req: SimulatedSpec) => {
    const s: SimulatedClient = { id: `sim-${started.length + 1}`, kind: req.kind, name: `simulated ${req.kind} ${started.length + 1}`, connectionId: null, state: 'running', error: null, spec: req.spec, counts: { published: 0, returned: 0, received: 0, acked: 0, nacked: 0, rejected: 0 } };
    started.push(s);
    return s;
  });
  c.respond('listSimulated', () => started);
  return c;
}
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const tick = (label: string) => fireEvent.click(screen.getByLabelText(label));
const sent = (c: ReturnType<typeof client>) => c.calls.filter((k) => k.name === 'startSimulated').map((k) => k.req);

describe('the producer form', () => {
  it('sends every field: exchange, keys in turn, headers, body, persistence, TTL, priority, rate, mandatory', async () => {
    const c = client();
    let done = false;
    const { store } = renderWithStore(<ProducerForm onDone={() => { done = true; }} />, c);
    expect((screen.getByLabelText('Exchange') as HTMLSelectElement).value).toBe('orders'); // the first of the user's exchanges
    type('routing key mode', 'round-robin');
    type('Keys', 'order.created, order.paid ,');
    type('Headers', 'tenant: acme\nversion: 2\nurgent: true');
    type('Body', 'order {n} ({key})');
    type('Rate (msg/s)', '0');
    type('TTL (ms)', '5000');
    type('Priority', '3');
    tick('persistent');
    tick('mandatory');
    fireEvent.click(screen.getByRole('button', { name: 'Start producer' }));
    await waitFor(() => expect(done).toBe(true));
    expect(sent(c)).toEqual([{ kind: 'producer', spec: {
      vhost: '/', exchange: 'orders', keyMode: 'round-robin', keys: ['order.created', 'order.paid'], headers: { tenant: 'acme', version: 2, urgent: true },
      body: 'order {n} ({key})', persistent: true, ttl: 5000, priority: 3, rate: 0, mandatory: true,
    } }]);
    expect(store.getState().notice).toBe('simulated producer 1 started');
    expect(store.getState().simulated.map((s) => s.name)).toEqual(['simulated producer 1']);
  });

  it('random words need no key; a bad number or header is named before anything is sent', async () => {
    const c = client();
    renderWithStore(<ProducerForm onDone={() => {}} />, c);
    type('Priority', '300');
    fireEvent.click(screen.getByRole('button', { name: 'Start producer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Priority must be from 0 to 255');
    type('Priority', '');
    type('Headers', 'no colon here');
    fireEvent.click(screen.getByRole('button', { name: 'Start producer' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Headers: write each as "name: value", not \'no colon here\''));
    expect(sent(c)).toEqual([]);
    type('Headers', '');
    type('routing key mode', 'random-words');
    expect(screen.queryByLabelText('Key')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start producer' }));
    await waitFor(() => expect(sent(c)).toHaveLength(1));
    expect(sent(c)[0]).toMatchObject({ spec: { keyMode: 'random-words', keys: [], rate: 1, ttl: null, priority: null, headers: {} } });
  });
});

describe('the consumer form', () => {
  it('sends prefetch, ack mode, a random processing time, chances as fractions, requeue, priority and exclusive', async () => {
    const c = client();
    renderWithStore(<ConsumerForm onDone={() => {}} />, c);
    type('Queue', 'dlq');
    type('Prefetch', '5');
    tick('random');
    type('Min (ms)', '300');
    type('Max (ms)', '100');
    fireEvent.click(screen.getByRole('button', { name: 'Start consumer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Longest processing time must not be below the shortest');
    type('Max (ms)', '900');
    type('Nack chance (%)', '10');
    type('Reject chance (%)', '25');
    tick('requeue (otherwise dead-lettered, or dropped)');
    type('Consumer priority', '-5');
    tick('exclusive');
    fireEvent.click(screen.getByRole('button', { name: 'Start consumer' }));
    await waitFor(() => expect(sent(c)).toHaveLength(1));
    expect(sent(c)[0]).toEqual({ kind: 'consumer', spec: {
      vhost: '/', queue: 'dlq', prefetch: 5, ack: 'manual', workMinMs: 300, workMaxMs: 900, nackChance: 0.1, rejectChance: 0.25, requeue: true, priority: -5, exclusive: true,
    } });
  });

  it('a fixed time; automatic ack sends no chances; the broker\'s refusal shows under the form', async () => {
    const c = client();
    let done = false;
    renderWithStore(<ConsumerForm onDone={() => { done = true; }} />, c);
    type('Reject chance (%)', '100');
    type('Ack', 'auto');
    expect((screen.getByLabelText('Reject chance (%)') as HTMLInputElement).closest('fieldset')!.disabled).toBe(true);
    type('Time (ms)', '50');
    c.failNext('startSimulated', 'ACCESS_REFUSED', "access to queue 'work' in vhost '/' refused for user 'learner'");
    fireEvent.click(screen.getByRole('button', { name: 'Start consumer' }));
    expect((await screen.findByRole('alert')).textContent).toBe("The broker refused access: access to queue 'work' in vhost '/' refused for user 'learner'");
    expect(done).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Start consumer' }));
    await waitFor(() => expect(done).toBe(true));
    expect(sent(c)[1]).toMatchObject({ spec: { queue: 'work', ack: 'auto', workMinMs: 50, workMaxMs: 50, nackChance: 0, rejectChance: 0 } });
  });
});

describe('the toolbar\'s producer and consumer entries', () => {
  it('open the forms on this computer, and are not offered on a remote broker (simulated clients run inside the embedded one)', () => {
    const { store } = renderWithStore(<><Toolbar /><Palette /></>, client());
    fireEvent.click(screen.getByRole('button', { name: '+ Consumer' }));
    expect(screen.getByRole('form', { name: 'new consumer' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '+ Producer' }));
    expect(screen.getByRole('form', { name: 'new producer' })).toBeTruthy();
    act(() => store.setState({ target: STAGING }));
    expect(screen.queryByRole('button', { name: '+ Producer' })).toBeNull();
    expect(screen.queryByRole('button', { name: '+ Consumer' })).toBeNull();
  });
});
