// @vitest-environment jsdom
// The Code tool (the vhost, or the selected node's neighbourhood, as code, copied in one click)
// and the compatibility warnings in the inspector, with the fake client.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ExchangeInfo } from '../../shared/model/topology';
import { createFakeClient } from '../ipc/fake-client';
import { CodeTool } from './code/CodeTool';
import { Inspector } from './inspector/Inspector';
import { renderWithStore } from './render-with-store';

const queue = (name: string, extra = {}) => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready: 0, unacked: 0, consumers: 0, ...extra });
const exchange = (name: string, type: ExchangeInfo['type'] = 'topic'): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const binding = (source: string, destination: string, routingKey: string) => ({ vhost: '/', source, destination, destinationType: 'queue' as const, routingKey, arguments: {} });
const defs = {
  exchanges: [{ name: 'shop', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }, { name: 'audit', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} }],
  queues: [{ name: 'orders', durable: true, auto_delete: false, arguments: { 'x-message-ttl': 1000 } }, { name: 'log', durable: true, auto_delete: false, arguments: {} }],
  bindings: [
    { source: 'shop', destination: 'orders', destination_type: 'queue', routing_key: 'order.*', arguments: {} },
    { source: 'audit', destination: 'log', destination_type: 'queue', routing_key: '', arguments: {} },
  ],
};

function codeArea(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: 'generated code' }) as HTMLTextAreaElement;
}

describe('the Code tool', () => {
  it('writes the vhost as pika, then amqplib, and copies it', async () => {
    const client = createFakeClient();
    client.respond('exportDefinitions', () => defs);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => { copied = t; } } });
    renderWithStore(<CodeTool />, client);
    await waitFor(() => expect(codeArea().value).toContain('channel.queue_declare(queue="orders", durable=True, auto_delete=False, arguments={"x-message-ttl": 1000})'));
    expect(client.calls).toContainEqual({ name: 'exportDefinitions', req: { vhost: '/' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'language' }), { target: { value: 'amqplib' } });
    expect(codeArea().value).toContain('await channel.bindQueue("orders", "shop", "order.*");');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Copied');
    expect(copied).toBe(codeArea().value);
  });

  it('the selected exchange with what it is bound to, only when asked', async () => {
    const client = createFakeClient({ exchanges: [exchange('shop'), exchange('audit', 'fanout')], queues: [queue('orders'), queue('log')], bindings: [binding('shop', 'orders', 'order.*'), binding('audit', 'log', '')] });
    client.respond('exportDefinitions', () => defs);
    const { store } = renderWithStore(<CodeTool />, client);
    await waitFor(() => expect(codeArea().value).toContain('"audit"'));
    const only = screen.getByRole('checkbox');
    expect((only as HTMLInputElement).disabled).toBe(true);
    act(() => store.getState().select({ kind: 'node', id: 'x:shop' }));
    fireEvent.click(only);
    expect(codeArea().value).toContain('exchange="shop"');
    expect(codeArea().value).toContain('queue="orders"');
    expect(codeArea().value).not.toContain('audit');
  });

  it('says why when the definitions cannot be read', async () => {
    const client = createFakeClient();
    client.failNext('exportDefinitions', 'ACCESS_REFUSED', "user 'learner' is not an administrator");
    renderWithStore(<CodeTool />, client);
    expect((await screen.findByRole('alert')).textContent).toContain("user 'learner' is not an administrator");
  });
});

describe('compatibility warnings in the inspector', () => {
  it('a transient non-exclusive queue says RabbitMQ 4.3 refuses it, and what to do', async () => {
    const client = createFakeClient({ queues: [queue('tmp', { durable: false })] });
    const { store } = renderWithStore(<Inspector />, client);
    act(() => store.getState().select({ kind: 'node', id: 'q:tmp' }));
    const list = await screen.findByRole('list', { name: 'compatibility warnings' });
    expect(list.textContent).toContain('RabbitMQ 4.3 refuses to declare it by default');
    expect(list.textContent).toContain('Instead: make it durable');
  });

  it('a quorum queue without a delivery limit, known from its type', async () => {
    const client = createFakeClient({ queues: [queue('jobs', { queueType: 'quorum' })] });
    const { store } = renderWithStore(<Inspector />, client);
    act(() => store.getState().select({ kind: 'node', id: 'q:jobs' }));
    expect((await screen.findByRole('list', { name: 'compatibility warnings' })).textContent).toContain('delivery limit of 20');
  });

  it('nothing for a plain durable queue', async () => {
    const client = createFakeClient({ queues: [queue('orders')] });
    const { store } = renderWithStore(<Inspector />, client);
    act(() => store.getState().select({ kind: 'node', id: 'q:orders' }));
    await screen.findByText('Browse messages');
    expect(screen.queryByRole('list', { name: 'compatibility warnings' })).toBeNull();
  });
});
