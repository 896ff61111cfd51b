// @vitest-environment jsdom
// The window on another broker, with the fake client: switching moves the whole store, a failed
// switch reads as main's sentence, every change on a remote broker is confirmed first, and a
// read-only profile disables changing controls.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeClient, emptySnapshot } from '../../ipc/fake-client';
import { connectStore, createWarrenStore } from '../../store/create-store';
import { Dialogs } from '../dialogs/ConfirmDialogs';
import { ExchangeForm } from '../palette/ExchangeForm';
import { renderWithStore } from '../render-with-store';
import { Toolbar } from '../toolbar/Toolbar';
import { ChangeConfirm } from './ChangeConfirm';
import { RemoteBanner } from './RemoteBanner';
import { LOCAL, STAGING, withProfiles } from './remote-fixtures';

const queue = (vhost: string, name: string) => ({ vhost, name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready: 0, unacked: 0, consumers: 0 });
const names = (calls: Array<{ name: string }>) => calls.map((c) => c.name);

describe('the broker switcher', () => {
  it('moves the whole store to the new broker: its default vhost, a fresh picture, its layout and subscription', async () => {
    const client = withProfiles(createFakeClient({ queues: [queue('/', 'mine')] }));
    const { store } = renderWithStore(<><Toolbar /><Dialogs /></>, client);
    store.getState().select({ kind: 'node', id: 'q:mine' });
    store.getState().setError('node:q:mine', 'old error');
    store.getState().browse('mine');
    expect(screen.getByRole('button', { name: 'broker' }).textContent).toContain('This computer');
    client.snapshot = { ...emptySnapshot('shop'), vhosts: ['/', 'shop'], queues: [queue('shop', 'orders')] };
    client.layout = { 'q:orders': { x: 1, y: 2 } };
    fireEvent.click(screen.getByRole('button', { name: 'broker' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /staging/ }));
    await waitFor(() => expect(store.getState().queues.has('orders')).toBe(true));
    const s = store.getState();
    expect(client.calls.find((c) => c.name === 'useProfile')!.req).toEqual({ id: 'p1' });
    expect(s.target).toEqual(STAGING);
    expect(s.vhost).toBe('shop');
    expect(s.queues.has('mine')).toBe(false);
    expect(s.selection).toBeNull();
    expect(s.browsing).toBeNull();
    expect(s.errors).toEqual({});
    expect(s.generation).toBe(1);
    expect(client.subscribedTo).toBe('shop');
    await waitFor(() => expect(store.getState().manual).toEqual({ 'q:orders': { x: 1, y: 2 } }));
    expect(client.calls.filter((c) => c.name === 'getLayout').at(-1)!.req).toEqual({ vhost: 'shop' });
    expect(screen.getByRole('button', { name: 'broker' }).textContent).toContain('staging — RabbitMQ 3.10.8');
  });

  it('closes its menu on Escape and on a click elsewhere', async () => {
    renderWithStore(<><Toolbar /><Dialogs /></>, withProfiles(createFakeClient()));
    fireEvent.click(screen.getByRole('button', { name: 'broker' }));
    await screen.findByRole('menu');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'broker' }));
    fireEvent.mouseDown(await screen.findByRole('menuitem', { name: /staging/ }));
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.mouseDown(screen.getByRole('button', { name: '+ Queue' }));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('shows main\'s one plain message when a switch fails, and stays where it was', async () => {
    const client = withProfiles(createFakeClient());
    const { store } = renderWithStore(<><Toolbar /><Dialogs /></>, client);
    client.failNext('useProfile', 'ACCESS_REFUSED', 'ACCESS_REFUSED - staging refused user admin: wrong user name or password');
    fireEvent.click(screen.getByRole('button', { name: 'broker' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /staging/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not switch to staging: staging refused user admin: wrong user name or password');
    expect(store.getState().target).toBeNull();
    expect(store.getState().generation).toBe(0);
  });

  it('asks for the password of a profile that keeps none, and sends it with the switch', async () => {
    const client = withProfiles(createFakeClient());
    const { store } = renderWithStore(<><Toolbar /><Dialogs /></>, client);
    fireEvent.click(screen.getByRole('button', { name: 'broker' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /prod/ }));
    const dialog = await screen.findByRole('dialog', { name: 'password for prod' });
    expect(names(client.calls)).not.toContain('useProfile');
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 's3cret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(store.getState().target?.name).toBe('prod'));
    expect(client.calls.find((c) => c.name === 'useProfile')!.req).toEqual({ id: 'p2', password: 's3cret' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the broker main has the window on', () => {
  it('is asked once connected; a reload or reconnect on another broker moves the store there', async () => {
    const client = createFakeClient();
    let target = LOCAL;
    client.respond('getTarget', () => target);
    const store = createWarrenStore(client);
    const off = connectStore(store, client);
    await waitFor(() => expect(store.getState().target).toEqual(LOCAL));
    expect(store.getState().generation).toBe(0);
    target = STAGING;
    client.snapshot = emptySnapshot('shop');
    await store.getState().loadTarget();
    expect(store.getState()).toMatchObject({ target: STAGING, vhost: 'shop', generation: 1 });
    expect(client.subscribedTo).toBe('shop');
    off();
  });

  it('says why when main could not reach the broker it starts on (warren connect)', async () => {
    const client = createFakeClient();
    client.failNext('getTarget', 'DISCONNECTED', "could not reach staging at mq.example.com:15672: connection refused");
    const { store } = renderWithStore(<Toolbar />, client);
    await store.getState().loadTarget();
    expect((await screen.findByRole('alert')).textContent).toBe('could not reach staging at mq.example.com:15672: connection refused');
  });
});

describe('changes on a remote broker', () => {
  // the form and the dialog render in jsdom on a machine that may be busy (CI): waits of 5 s, not 1
  it('are confirmed first, saying what changes where; cancel sends nothing', async () => {
    const SLOW = { timeout: 5000 };
    const client = createFakeClient();
    const { store } = renderWithStore(<><ExchangeForm onDone={() => {}} /><ChangeConfirm /></>, client);
    store.setState({ target: STAGING });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'orders' } });
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    const ask = await screen.findByRole('alertdialog', {}, SLOW);
    expect(within(ask).getByTestId('change-sentence').textContent)
      .toBe("Declare direct exchange 'orders' in vhost '/' on staging (RabbitMQ at mq.example.com:15672)?");
    expect(client.calls).toHaveLength(0);
    fireEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull(), SLOW);
    expect(client.calls).toHaveLength(0);
    expect(screen.queryByRole('alert')).toBeNull(); // a cancel is not an error
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    await screen.findByRole('alertdialog', {}, SLOW);
    fireEvent.keyDown(window, { key: 'Escape' }); // Escape cancels too
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull(), SLOW);
    expect(client.calls).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Declare exchange' }));
    fireEvent.click(within(await screen.findByRole('alertdialog', {}, SLOW)).getByRole('button', { name: 'Yes, do it' }));
    await waitFor(() => expect(names(client.calls)).toEqual(['declareExchange']), SLOW);
  });

  it('go straight through on this computer, and reads never ask', async () => {
    const client = createFakeClient();
    const { store } = renderWithStore(<ChangeConfirm />, client);
    store.setState({ target: LOCAL });
    await store.getState().run('declareQueue', { vhost: '/', name: 'a', durable: true, exclusive: false, autoDelete: false }, 'form:queue');
    store.setState({ target: STAGING });
    await store.getState().invoke('getSnapshot', { vhost: '/' });
    expect(names(client.calls)).toEqual(['declareQueue', 'getSnapshot']);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('are refused on a read-only profile, and its changing controls are disabled saying why', async () => {
    const client = createFakeClient();
    const { store } = renderWithStore(<><RemoteBanner /><Toolbar /></>, client);
    store.setState({ target: { ...STAGING, readOnly: true } });
    const add = await screen.findByRole('button', { name: '+ Queue' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    expect(add.title).toBe("'staging' is a read-only profile: Warren refuses every change to staging (RabbitMQ at mq.example.com:15672)");
    const r = await store.getState().invoke('purgeQueue', { vhost: '/', name: 'x' });
    expect(r.ok ? null : r.error.code).toBe('ACCESS_REFUSED');
    expect(client.calls.filter((c) => c.name === 'purgeQueue')).toHaveLength(0);
    expect(screen.getByRole('status', { name: 'remote broker' }).textContent).toContain('Remote: staging (RabbitMQ 3.10.8, cluster rabbit@x) as user admin');
    expect(screen.getByTestId('read-only-badge').textContent).toBe('read-only');
  });
});
