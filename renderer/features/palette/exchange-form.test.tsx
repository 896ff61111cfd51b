// @vitest-environment jsdom
// The exchange form's plugin-type fields and the bind dialog's weight, as a user fills them in.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EXCHANGE_TYPES } from '../../../shared/model/topology';
import { createFakeClient, emptySnapshot } from '../../ipc/fake-client';
import { BindDialog } from '../dialogs/BindDialog';
import { renderWithStore } from '../render-with-store';
import { ExchangeForm } from './ExchangeForm';
import { pluginArguments } from './exchange-arguments';

function fillForm(name: string, type: string) {
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText('Type'), { target: { value: type } });
}
const declare = () => fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));

describe('the exchange form, plugin types', () => {
  it('offers x-consistent-hash\'s hash header and property, and sends the one given', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('shards', 'x-consistent-hash');
    expect(screen.getByRole('group', { name: 'x-consistent-hash arguments' }).textContent).toMatch(/routing key is its weight/);
    expect([...(screen.getByLabelText('Hash property') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'message_id', 'correlation_id', 'timestamp']);
    fireEvent.change(screen.getByLabelText('Hash header'), { target: { value: 'customer' } });
    declare();
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toEqual({ vhost: '/', name: 'shards', type: 'x-consistent-hash', durable: true, autoDelete: false, internal: false, arguments: { 'hash-header': 'customer' } });
  });

  it('refuses a hash header and a hash property together before asking the broker', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('shards', 'x-consistent-hash');
    fireEvent.change(screen.getByLabelText('Hash header'), { target: { value: 'customer' } });
    fireEvent.change(screen.getByLabelText('Hash property'), { target: { value: 'message_id' } });
    declare();
    expect((await screen.findByRole('alert')).textContent).toBe('Give a hash header or a hash property, not both');
    expect(client.calls).toHaveLength(0);
  });

  it('takes x-recent-history-length as a positive integer', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('recent', 'x-recent-history');
    fireEvent.change(screen.getByLabelText('History length'), { target: { value: 'ten' } });
    declare();
    expect((await screen.findByRole('alert')).textContent).toBe('History length must be a positive integer');
    fireEvent.change(screen.getByLabelText('History length'), { target: { value: '5' } });
    declare();
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toMatchObject({ type: 'x-recent-history', arguments: { 'x-recent-history-length': 5 } });
  });

  it('shows no plugin fields, and sends no arguments, for the AMQP types', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('plain', 'x-recent-history');
    fireEvent.change(screen.getByLabelText('History length'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'topic' } });
    expect(screen.queryByLabelText('History length')).toBeNull();
    declare();
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).not.toHaveProperty('arguments');
  });

  it('explains x-random, which has no arguments', () => {
    renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('any', 'x-random');
    expect(screen.getByRole('group', { name: 'x-random arguments' }).textContent).toMatch(/picked at random/);
  });

  it('asks x-delayed-message for its delayed type, one of the base types', () => {
    expect(pluginArguments('x-delayed-message', {})).toEqual({ 'x-delayed-type': 'direct' });
    expect(pluginArguments('x-delayed-message', { 'x-delayed-type': 'topic' })).toEqual({ 'x-delayed-type': 'topic' });
    expect(pluginArguments('x-delayed-message', { 'x-delayed-type': ' ' })).toBe('Delayed type is required');
  });

  it.skipIf(!(EXCHANGE_TYPES as readonly string[]).includes('x-delayed-message'))('offers x-delayed-message with a select of base types', async () => {
    const { client } = renderWithStore(<ExchangeForm onDone={() => {}} />);
    fillForm('later', 'x-delayed-message');
    expect([...(screen.getByLabelText('Delayed type') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['direct', 'fanout', 'topic', 'headers']);
    fireEvent.change(screen.getByLabelText('Delayed type'), { target: { value: 'fanout' } });
    declare();
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toMatchObject({ type: 'x-delayed-message', arguments: { 'x-delayed-type': 'fanout' } });
  });
});

describe('binding to a plugin exchange', () => {
  const withExchange = (type: string) => createFakeClient({
    ...emptySnapshot(),
    exchanges: [...emptySnapshot().exchanges, { vhost: '/', name: 'px', type: type as never, durable: true, autoDelete: false, internal: false, arguments: {} }],
    queues: [{ vhost: '/', name: 'q', durable: true, exclusive: false, autoDelete: false, arguments: {}, ready: 0, unacked: 0, consumers: 0 }],
  });

  it('asks a consistent-hash binding for its weight, and explains it', async () => {
    const client = withExchange('x-consistent-hash');
    renderWithStore(<BindDialog dialog={{ kind: 'bind', source: 'px', destination: 'q', destinationType: 'queue' }} />, client);
    expect(screen.getByText(/routing key is its weight/).textContent).toMatch(/weight 2 takes twice the messages of weight 1/);
    fireEvent.change(screen.getByLabelText('Weight'), { target: { value: 'heavy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bind' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The weight must be a positive integer (1, 2, ...)');
    fireEvent.change(screen.getByLabelText('Weight'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bind' }));
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toMatchObject({ source: 'px', destination: 'q', routingKey: '2' });
  });

  it('tells an x-random binding that keys are ignored, and sends none', async () => {
    const client = withExchange('x-random');
    renderWithStore(<BindDialog dialog={{ kind: 'bind', source: 'px', destination: 'q', destinationType: 'queue' }} />, client);
    expect(screen.getByText(/picked at random/)).toBeTruthy();
    expect(screen.queryByLabelText('Routing key')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Bind' }));
    await waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0].req).toMatchObject({ routingKey: '' });
  });
});
