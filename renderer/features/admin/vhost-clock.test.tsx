// @vitest-environment jsdom
// The sandbox clock in the window: the vhosts tab sets a vhost's clock (administrators) or only
// shows it, a refusal reads as a sentence, and a fast vhost is marked in the tab and beside the
// vhost switcher.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { VhostRow } from '../../../shared/model/admin';
import { createFakeClient, emptySnapshot } from '../../ipc/fake-client';
import { renderWithStore } from '../render-with-store';
import { Toolbar } from '../toolbar/Toolbar';
import { VhostsTab } from './VhostsTab';

const row = (name: string, clockScale: number): VhostRow => ({ name, queues: 0, messages: 0, connections: 0, clockScale });

describe('the sandbox clock control', () => {
  it('sets a vhost clock from the vhosts tab and marks the fast one', async () => {
    const client = createFakeClient();
    let rows = [row('/', 1), row('lab', 1)];
    client.respond('listVhosts', () => rows);
    client.respond('setVhostClock', ({ vhost, scale }) => { rows = rows.map((r) => (r.name === vhost ? { ...r, clockScale: scale } : r)); return null; });
    renderWithStore(<VhostsTab canChange />, client);
    const select = await screen.findByRole('combobox', { name: 'clock of vhost lab' });
    expect(screen.queryByText('clock ×60')).toBeNull();
    fireEvent.change(select, { target: { value: '60' } });
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'setVhostClock', req: { vhost: 'lab', scale: 60 } }));
    const badge = await screen.findByText('clock ×60', {}, { timeout: 5000 });
    expect(badge.closest('tr')!.getAttribute('data-testid')).toBe('vhost-lab');
    expect(badge.getAttribute('title')).toContain('run 60 times faster than real time');
    expect((screen.getByRole('combobox', { name: 'clock of vhost /' }) as HTMLSelectElement).value).toBe('1');
  });

  it('shows a refusal in words', async () => {
    const client = createFakeClient();
    client.respond('listVhosts', () => [row('lab', 10)]);
    client.failNext('setVhostClock', 'ACCESS_REFUSED', 'only administrators may run setVhostClock');
    renderWithStore(<VhostsTab canChange />, client);
    fireEvent.change(await screen.findByRole('combobox', { name: 'clock of vhost lab' }), { target: { value: '1' } });
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toContain('only administrators may run setVhostClock');
  });

  it('a viewer sees the badge but no control', async () => {
    const client = createFakeClient();
    client.respond('listVhosts', () => [row('lab', 10)]);
    renderWithStore(<VhostsTab canChange={false} />, client);
    expect(await screen.findByText('clock ×10', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'clock of vhost lab' })).toBeNull();
  });

  it('marks the shown vhost beside the vhost switcher while its clock is not ×1', async () => {
    const client = createFakeClient();
    const { store } = renderWithStore(<Toolbar />, client);
    expect(screen.queryByText(/clock ×/)).toBeNull();
    store.getState().applySnapshot({ ...emptySnapshot('/'), clockScale: 60 });
    expect(await screen.findByText('clock ×60', {}, { timeout: 5000 })).toBeTruthy();
    store.getState().applySnapshot({ ...emptySnapshot('/'), clockScale: 1 });
    await waitFor(() => expect(screen.queryByText(/clock ×/)).toBeNull(), { timeout: 5000 });
  });
});
