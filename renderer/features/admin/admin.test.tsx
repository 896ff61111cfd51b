// @vitest-environment jsdom
// The admin panel's tabs against the fake client: what they send, what they show, and that a
// refusal reads as a sentence.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AdminRights, WhoAmI } from '../../../shared/model/admin';
import { createFakeClient, type FakeClient } from '../../ipc/fake-client';
import { renderWithStore } from '../render-with-store';
import { AdminButton, AdminPanel } from './AdminPanel';
import { DefinitionsTab } from './DefinitionsTab';
import { PermissionsTab } from './PermissionsTab';
import { PoliciesTab } from './PoliciesTab';
import { UsersTab } from './UsersTab';
import { VhostsTab } from './VhostsTab';

const NONE: AdminRights = { view: false, vhosts: false, users: false, permissions: false, policies: false, operatorPolicies: false, definitions: false };
const ALL: AdminRights = { view: true, vhosts: true, users: true, permissions: true, policies: true, operatorPolicies: true, definitions: true };
function clientAs(may: AdminRights, tags: string[] = []): FakeClient {
  const client = createFakeClient();
  client.respond('whoAmI', (): WhoAmI => ({ user: 'someone', tags, owner: false, may }));
  return client;
}

describe('the Admin button and panel', () => {
  it('is not shown to a user who may use none of it', async () => {
    const client = clientAs(NONE, ['management']);
    renderWithStore(<AdminButton open={false} onToggle={() => {}} />, client);
    await waitFor(() => expect(client.calls.map((c) => c.name)).toContain('whoAmI'));
    expect(screen.queryByRole('button', { name: 'Admin' })).toBeNull();
  });

  it('shows a policymaker the vhosts and policies tabs only', async () => {
    const client = clientAs({ ...NONE, view: true, policies: true }, ['policymaker']);
    client.respond('listVhosts', () => []);
    renderWithStore(<><AdminButton open={false} onToggle={() => {}} /><AdminPanel /></>, client);
    expect(await screen.findByRole('button', { name: 'Admin' })).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Virtual hosts', 'Policies', 'Shovels']);
    expect(screen.queryByRole('form', { name: 'new vhost' })).toBeNull();
  });
});

describe('the admin tabs', () => {
  it('adds a vhost and asks before deleting one, saying what goes with it', async () => {
    const client = clientAs(ALL);
    client.respond('listVhosts', () => [{ name: 'shop', queues: 2, messages: 7, connections: 1, clockScale: 1 }]);
    client.respond('addVhost', () => ({ created: true }));
    client.respond('deleteVhost', () => null);
    renderWithStore(<VhostsTab canChange />, client);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' shop2 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add vhost' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'addVhost', req: { vhost: 'shop2' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('This closes its 1 connection and deletes its 2 queues with 7 messages.');
    expect(client.calls.some((c) => c.name === 'deleteVhost')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete vhost shop' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'deleteVhost', req: { vhost: 'shop' } }));
  });

  it('saves a user with its tags, sending no password when none is typed', async () => {
    const client = clientAs(ALL);
    client.respond('listUsers', () => [{ name: 'app', tags: [], hasPassword: true }]);
    client.respond('putUser', () => ({ created: false }));
    renderWithStore(<UsersTab />, client);
    fireEvent.click(await screen.findByRole('button', { name: 'app' }));
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'monitoring, management' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save user' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'putUser', req: { name: 'app', tags: ['monitoring', 'management'] } }));
  });

  it('sets a permission and a topic permission for a chosen user, and shows a bad expression refused', async () => {
    const client = clientAs(ALL);
    client.respond('listUsers', () => [{ name: 'app', tags: [], hasPassword: true }]);
    client.respond('listPermissions', () => []);
    client.respond('listTopicPermissions', () => [{ user: 'app', vhost: '/', exchange: 'amq.topic', write: '.*', read: '.*' }]);
    client.respond('setPermission', () => ({ created: true }));
    renderWithStore(<PermissionsTab />, client);
    await screen.findByTestId('topic-app-/-amq.topic');
    fireEvent.change(screen.getByLabelText('User'), { target: { value: 'app' } });
    fireEvent.change(screen.getByLabelText('Read regexp'), { target: { value: '^app\\.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set permission' }));
    await waitFor(() => expect(client.calls).toContainEqual({ name: 'setPermission', req: { user: 'app', vhost: '/', configure: '.*', write: '.*', read: '^app\\.' } }));
    client.failNext('setTopicPermission', 'BAD_REQUEST', 'invalid regular expression: [');
    fireEvent.change(screen.getByLabelText('Topic user'), { target: { value: 'app' } });
    fireEvent.change(screen.getByLabelText('Write routing keys'), { target: { value: '[' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set topic permission' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid input: invalid regular expression: [');
    expect(client.calls.find((c) => c.name === 'setTopicPermission')!.req).toEqual({ user: 'app', vhost: '/', exchange: 'amq.topic', write: '[', read: '.*' });
  });

  it("shows RabbitMQ's policy validation refusal as a readable message", async () => {
    const client = clientAs(ALL);
    client.respond('listPolicies', () => []);
    client.failNext('putPolicy', 'BAD_REQUEST', "Validation failed: <<\"two\">> is not a valid maximum length");
    renderWithStore(<PoliciesTab canChange canChangeOperator={false} />, client);
    fireEvent.change(screen.getByLabelText('Policy name'), { target: { value: 'cap' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid input: Validation failed: <<"two">> is not a valid maximum length');
    expect(client.calls.find((c) => c.name === 'putPolicy')!.req).toMatchObject({ kind: 'policy', vhost: '/', name: 'cap', pattern: '.*', applyTo: 'all', priority: 0 });
  });

  it('imports pasted definitions and says what came in, and exports to warren-definitions.json', async () => {
    const client = clientAs(ALL);
    client.respond('importDefinitions', () => ({ queues: 2, bindings: 1 }));
    client.respond('exportDefinitions', () => ({ users: [] }));
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { created.push(b); return 'blob:x'; });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { expect(this.download).toBe('warren-definitions.json'); });
    renderWithStore(<DefinitionsTab />, client);
    fireEvent.change(screen.getByLabelText('definitions JSON'), { target: { value: '{"queues":[]}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByTestId('import-result')).textContent).toBe('Imported queues: 2, bindings: 1');
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect(JSON.parse(await created[0].text())).toEqual({ users: [] });
    clicked.mockRestore();
  });
});
