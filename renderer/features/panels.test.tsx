// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeClient, emptySnapshot } from '../ipc/fake-client';
import { renderWithStore } from './render-with-store';
import { BindDialog, parseHeaderMatch } from './dialogs/BindDialog';
import { Dialogs } from './dialogs/ConfirmDialogs';
import { Inspector } from './inspector/Inspector';
import { ExchangeForm } from './palette/ExchangeForm';
import { QueueForm } from './palette/QueueForm';


const queue = (name: string, ready: number, unacked = 0) => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: { 'x-dead-letter-exchange': 'dlx' }, ready, unacked, consumers: 1 });

describe('the exchange form', () => {
  it('declares an exchange with its options', async () => {
    let done = false;
    const { client } = renderWithStore(<ExchangeForm onDone={() => { done = true; }} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'orders' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'topic' } });
    fireEvent.click(screen.getByLabelText('internal'));
    fireEvent.change(screen.getByLabelText('Alternate exchange'), { target: { value: 'lost' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    await waitFor(() => expect(done).toBe(true));
    expect(client.calls[0]).toEqual({ name: 'declareExchange', req: { vhost: '/', name: 'orders', type: 'topic', durable: true, autoDelete: false, internal: true, alternateExchange: 'lost' } });
  });

  it('offers the plugin types Warren has built in', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    const options = [...(screen.getByLabelText('Type') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['direct', 'fanout', 'topic', 'headers', 'x-consistent-hash', 'x-random', 'x-recent-history', 'x-modulus-hash', 'x-delayed-message']);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'shards' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'x-consistent-hash' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    await waitFor(() => expect(client.calls[0]).toMatchObject({ name: 'declareExchange', req: { name: 'shards', type: 'x-consistent-hash' } }));
  });

  it('asks an x-delayed-message exchange for the type it routes as', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    expect(screen.queryByLabelText('Delayed type')).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'later' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'x-delayed-message' } });
    const routesAs = screen.getByLabelText('Delayed type') as HTMLSelectElement;
    expect([...routesAs.options].map((o) => o.value)).not.toContain('x-delayed-message');
    fireEvent.change(routesAs, { target: { value: 'topic' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    await waitFor(() => expect(client.calls[0]).toMatchObject({ name: 'declareExchange', req: { name: 'later', type: 'x-delayed-message', arguments: { 'x-delayed-type': 'topic' } } }));
  });

  it('shows the broker refusing, in words, under the form', async () => {
    renderWithStore(<ExchangeForm onDone={() => {}} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'amq.nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', "The broker refused access (403): exchange name 'amq.nope' contains reserved prefix 'amq.*'");
  });
});

describe('the queue form', () => {
  it('turns the fields into x-arguments and refuses non-numbers before asking the broker', async () => {
    const { client } = renderWithStore(<QueueForm onDone={() => {}} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'work' } });
    fireEvent.change(screen.getByLabelText('Message TTL (ms)'), { target: { value: 'soon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare queue' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Message TTL \(ms\): a whole number/);
    expect(client.calls).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Message TTL (ms)'), { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Dead-letter exchange'), { target: { value: 'dlx' } });
    fireEvent.change(screen.getByLabelText('Dead-letter routing key'), { target: { value: 'dead' } });
    fireEvent.change(screen.getByLabelText('Max length (messages)'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('Overflow'), { target: { value: 'reject-publish-dlx' } });
    fireEvent.click(screen.getByLabelText('single active consumer'));
    fireEvent.click(screen.getByRole('button', { name: 'Declare queue' }));
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toEqual({
      vhost: '/', name: 'work', durable: true, exclusive: false, autoDelete: false, messageTtl: 5000, maxLength: 100,
      deadLetterExchange: 'dlx', deadLetterRoutingKey: 'dead', overflow: 'reject-publish-dlx', singleActiveConsumer: true,
    });
  });
});

describe('dialogs', () => {
  it('asks before deleting a queue, saying how many messages would be lost', async () => {
    const client = createFakeClient({ queues: [queue('work', 7, 2)] });
    const { store } = renderWithStore(<Dialogs />, client);
    store.getState().openDialog({ kind: 'confirm-delete-node', id: 'q:work' });
    expect(await screen.findByText('9 messages would be lost (7 ready, 2 unacknowledged).')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete queue' }));
    await waitFor(() => expect(client.calls.map((c) => c.name)).toEqual(['deleteQueue']));
    await waitFor(() => expect(store.getState().notice).toBe("Queue 'work' deleted: 7 messages lost"));
  });

  it('asks for a header match when binding from a headers exchange', async () => {
    const client = createFakeClient({ ...emptySnapshot(), exchanges: [...emptySnapshot().exchanges, { vhost: '/', name: 'h', type: 'headers', durable: true, autoDelete: false, internal: false, arguments: {} }], queues: [queue('q', 0)] });
    renderWithStore(<BindDialog dialog={{ kind: 'bind', source: 'h', destination: 'q', destinationType: 'queue' }} />, client);
    fireEvent.change(screen.getByLabelText('Match'), { target: { value: 'any' } });
    fireEvent.change(screen.getByLabelText('Headers (key=value, one a line)'), { target: { value: 'format=pdf\nsize=3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bind' }));
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toMatchObject({ source: 'h', destination: 'q', routingKey: '', arguments: { 'x-match': 'any', format: 'pdf', size: 3 } });
    expect(parseHeaderMatch('oops')).toBe("'oops' is not key=value");
  });
});

describe('the inspector', () => {
  it('shows a queue’s counts and arguments and offers purge and delete', async () => {
    const client = createFakeClient({ queues: [queue('work', 4)] });
    const { store } = renderWithStore(<><Inspector /><Dialogs /></>, client);
    store.getState().select({ kind: 'node', id: 'q:work' });
    expect(await screen.findByText('x-dead-letter-exchange')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Purge…' }));
    expect(await screen.findByText(/4 ready messages would be deleted/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Purge' }));
    await waitFor(() => expect(client.calls.map((c) => c.name)).toEqual(['purgeQueue']));
  });
  it('shows the policy and operator policy applying to a queue and the definition they give it', async () => {
    const capped = { ...queue('capped', 0), policy: { name: 'cap', operator: 'ops', definition: { 'max-length': 2, 'ha-mode': 'all' } } };
    const client = createFakeClient({ queues: [capped, queue('free', 0)] });
    const { store } = renderWithStore(<Inspector />, client);
    store.getState().select({ kind: 'node', id: 'q:capped' });
    expect(await screen.findByText('cap')).toBeTruthy();
    expect(screen.getByText('ops')).toBeTruthy();
    expect(screen.getByText('max-length').nextSibling?.textContent).toBe('2');
    store.getState().select({ kind: 'node', id: 'q:free' });
    expect(await screen.findByText('no policy')).toBeTruthy();
  });
});
