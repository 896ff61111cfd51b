// @vitest-environment jsdom
// The profiles dialog with the fake client: add, edit (the password never shown back, empty keeps
// it), delete, bad input refused before main is asked, and where passwords are kept said plainly.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../shared/model/remote';
import { createFakeClient } from '../../ipc/fake-client';
import { Dialogs } from '../dialogs/ConfirmDialogs';
import { renderWithStore } from '../render-with-store';
import { passwordKeeping } from './ProfileForm';
import { profile, PROFILES, STAGING, withProfiles } from './remote-fixtures';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

function open() {
  const client = withProfiles(createFakeClient());
  const saved: ProfileInput[] = [];
  client.respond('saveProfile', (r) => { saved.push(r); return profile({ id: r.id ?? 'p9', name: r.name }); });
  client.respond('deleteProfile', () => null);
  const { store } = renderWithStore(<Dialogs />, client);
  store.getState().openDialog({ kind: 'profiles' });
  return { client, saved };
}

describe('the profiles dialog', () => {
  it('adds a profile with every field, the CA pasted', async () => {
    const { saved } = open();
    const dialog = await screen.findByRole('dialog', { name: 'profiles' });
    expect(within(dialog).getByText(passwordKeeping('fake'))).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add profile' }));
    const form = within(screen.getByRole('form', { name: 'new profile' }));
    fireEvent.change(form.getByLabelText('Name'), { target: { value: ' staging ' } });
    fireEvent.change(form.getByLabelText('Management URL'), { target: { value: 'https://mq.example.com:15671' } });
    fireEvent.change(form.getByLabelText('User'), { target: { value: 'admin' } });
    fireEvent.change(form.getByLabelText(/^Password/), { target: { value: 'pw' } });
    fireEvent.change(form.getByLabelText('AMQP URL (optional)'), { target: { value: 'amqps://mq.example.com:5671' } });
    fireEvent.change(form.getByLabelText('Default vhost'), { target: { value: 'shop' } });
    fireEvent.click(form.getByLabelText(/read-only/));
    fireEvent.change(form.getByLabelText('CA certificate (PEM, optional)'), { target: { value: CA } });
    fireEvent.click(form.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      name: 'staging', managementUrl: 'https://mq.example.com:15671', user: 'admin', password: 'pw',
      amqpUrl: 'amqps://mq.example.com:5671', defaultVhost: 'shop', readOnly: true, caPem: CA,
    });
    expect(await screen.findByRole('table', { name: 'saved profiles' })).toBeTruthy();
  });

  it('edits a profile: the kept password is never shown, and an empty field keeps it', async () => {
    const { saved } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'edit staging' }));
    const form = within(screen.getByRole('form', { name: 'edit profile staging' }));
    expect(form.getByTestId('password-kept').textContent).toBe('kept');
    expect((form.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('');
    fireEvent.change(form.getByLabelText('Default vhost'), { target: { value: 'orders' } });
    fireEvent.click(form.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ id: 'p1', defaultVhost: 'orders' });
    expect('password' in saved[0]).toBe(false);
  });

  it('switches again after saving the profile the window is on, so read-only holds at once', async () => {
    const client = withProfiles(createFakeClient());
    client.respond('saveProfile', (r) => profile({ id: r.id!, name: r.name, readOnly: r.readOnly }));
    client.respond('useProfile', () => ({ ...STAGING, readOnly: true }));
    const { store } = renderWithStore(<Dialogs />, client);
    act(() => store.setState({ target: STAGING }));
    act(() => store.getState().openDialog({ kind: 'profiles' }));
    fireEvent.click(await screen.findByRole('button', { name: 'edit staging' }));
    const form = within(screen.getByRole('form', { name: 'edit profile staging' }));
    fireEvent.click(form.getByLabelText(/read-only/));
    fireEvent.click(form.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(store.getState().target?.readOnly).toBe(true));
    expect(client.calls.filter((c) => c.name === 'useProfile').map((c) => c.req)).toEqual([{ id: 'p1' }]);
    expect(await screen.findByRole('table', { name: 'saved profiles' })).toBeTruthy();
  });

  it('refuses a URL that is not http(s) before asking main, and shows main\'s refusal', async () => {
    const { client, saved } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Add profile' }));
    const form = within(screen.getByRole('form', { name: 'new profile' }));
    fireEvent.change(form.getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.change(form.getByLabelText('Management URL'), { target: { value: 'ftp://mq' } });
    fireEvent.click(form.getByRole('button', { name: 'Save profile' }));
    expect(form.getByRole('alert').textContent).toMatch(/starts with http:\/\/ or https:\/\//);
    expect(saved).toHaveLength(0);
    fireEvent.change(form.getByLabelText('Management URL'), { target: { value: 'http://mq:15672' } });
    client.failNext('saveProfile', 'PRECONDITION_FAILED', "PRECONDITION_FAILED - a profile named 'x' exists");
    fireEvent.click(form.getByRole('button', { name: 'Save profile' }));
    expect((await form.findByRole('alert')).textContent).toContain("a profile named 'x' exists");
  });

  it('deletes a profile and says where passwords are kept in the desktop app', async () => {
    const { client } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'delete prod' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'deleteProfile', req: { id: 'p2' } }));
    expect(passwordKeeping('electron')).toMatch(/keychain \(Electron safeStorage\)/);
    expect(passwordKeeping('websocket')).toMatch(/this login session only/);
    expect(screen.getAllByRole('row')).toHaveLength(1 + PROFILES.filter((p) => p.kind === 'remote').length); // "This computer" is not listed
  });
});
