// @vitest-environment jsdom
// The tools that matter on a remote RabbitMQ, with the fake client: the cluster's nodes and their
// alarms, the firehose switch and its cost, definitions compared and imported across profiles,
// dead letters returned, and the browse notice.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowsePage } from '../../shared/model/messages';
import { FIREHOSE_COST, type ClusterNode, type DefinitionsDiff, type FirehoseStatus } from '../../shared/model/remote';
import { createFakeClient } from '../ipc/fake-client';
import { DefinitionsTab } from './admin/DefinitionsTab';
import { Inspector } from './inspector/Inspector';
import { MessageBrowser } from './messages/MessageBrowser';
import { NODES_EVERY_MS, NodesTool } from './nodes/NodesTool';
import { renderWithStore } from './render-with-store';
import { ChangeConfirm } from './target/ChangeConfirm';
import { STAGING, withProfiles } from './target/remote-fixtures';
import { FirehoseSwitch } from './trace/FirehoseSwitch';

const GB = 1024 ** 3;
const node = (name: string, extra: Partial<ClusterNode> = {}): ClusterNode => ({
  name, running: true, type: 'disc', memUsed: 1 * GB, memLimit: 4 * GB, memAlarm: false, diskFree: 50 * GB, diskFreeLimit: 1 * GB, diskAlarm: false, uptime: 7_200_000, ...extra,
});
const q = (name: string, ready = 0) => ({ vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {}, ready, unacked: 0, consumers: 0 });

afterEach(() => { vi.useRealTimers(); });

describe('the cluster nodes tool', () => {
  it('shows each node\'s memory and disk against their limits, alarms in red, and asks again every 5 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const client = createFakeClient();
    let alarm = false;
    client.respond('listNodes', () => [node('rabbit@a'), node('rabbit@b', { memUsed: 4.2 * GB, memAlarm: alarm, diskAlarm: alarm })]);
    renderWithStore(<NodesTool />, client);
    const b = await screen.findByTestId('node-rabbit@b');
    expect(within(b).getByText('none')).toBeTruthy();
    expect(screen.getByTestId('node-rabbit@a').textContent).toContain('1.0 GB / 4.0 GB');
    expect(screen.getByRole('meter', { name: 'memory of rabbit@a' }).getAttribute('aria-valuenow')).toBe('25');
    alarm = true;
    await act(async () => { await vi.advanceTimersByTimeAsync(NODES_EVERY_MS); });
    await waitFor(() => expect(within(screen.getByTestId('node-rabbit@b')).getByText('memory alarm').className).toBe('alarm-text'));
    expect(within(screen.getByTestId('node-rabbit@b')).getByText('disk alarm')).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'memory of rabbit@b' }).className).toContain('alarm');
    expect(client.calls.filter((c) => c.name === 'listNodes').length).toBe(2);
  });
});

describe('the firehose switch', () => {
  it('is not there on this computer', () => {
    const client = createFakeClient();
    renderWithStore(<FirehoseSwitch />, client);
    expect(screen.queryByLabelText('firehose')).toBeNull();
    expect(client.calls).toHaveLength(0);
  });

  it('says what it costs before it is switched on, and switches after the remote change is confirmed', async () => {
    const client = createFakeClient();
    let status: FirehoseStatus = { vhost: '/', on: false, ours: false, available: true };
    client.respond('getFirehose', () => status);
    client.respond('setFirehose', (r) => (status = { ...status, on: r.on, ours: r.on }));
    const { store } = renderWithStore(<><FirehoseSwitch /><ChangeConfirm /></>, client);
    act(() => store.setState({ target: STAGING }));
    expect((await screen.findByTestId('firehose-cost')).textContent).toBe(FIREHOSE_COST);
    fireEvent.click(screen.getByLabelText("Live traffic from RabbitMQ's firehose"));
    expect(screen.getByTestId('change-sentence').textContent).toBe("Switch the firehose on in vhost '/' on staging (RabbitMQ at mq.example.com:15672)?");
    fireEvent.click(screen.getByRole('button', { name: 'Yes, do it' }));
    await waitFor(() => expect((screen.getByLabelText("Live traffic from RabbitMQ's firehose") as HTMLInputElement).checked).toBe(true));
    expect(screen.queryByTestId('firehose-cost')).toBeNull();
  });

  it('says why when the window cannot use it', async () => {
    const client = createFakeClient();
    client.respond('getFirehose', () => ({ vhost: '/', on: false, ours: false, available: false, reason: 'no AMQP connection to staging: connection refused' }));
    const { store } = renderWithStore(<FirehoseSwitch />, client);
    act(() => store.setState({ target: STAGING }));
    expect((await screen.findByTestId('firehose-unavailable')).textContent).toBe('The firehose cannot be used here: no AMQP connection to staging: connection refused');
  });
});

describe('definitions across profiles', () => {
  it('compares two profiles in a readable table per section', async () => {
    const client = withProfiles(createFakeClient());
    const diff: DefinitionsDiff = { left: 'local', right: 'p1', vhost: 'shop', sections: [
      { kind: 'queues', onlyLeft: ['shop / mine'], onlyRight: ['shop / theirs'], changed: [{ key: 'shop / orders', left: { durable: true }, right: { durable: false } }], same: 3 },
      { kind: 'exchanges', onlyLeft: [], onlyRight: [], changed: [], same: 5 },
    ] };
    client.respond('diffDefinitions', () => diff);
    renderWithStore(<DefinitionsTab />, client);
    const form = within(await screen.findByLabelText('compare two profiles'));
    await waitFor(() => expect(form.getAllByRole('option').length).toBeGreaterThan(2));
    fireEvent.change(form.getByLabelText('Left'), { target: { value: 'local' } });
    fireEvent.change(form.getByLabelText('Right'), { target: { value: 'p1' } });
    fireEvent.change(form.getByLabelText('vhost to compare'), { target: { value: 'shop' } });
    fireEvent.click(form.getByRole('button', { name: 'Compare' }));
    const queues = within(await screen.findByRole('region', { name: 'queues differences' }));
    expect(client.calls).toContainEqual({ name: 'diffDefinitions', req: { left: 'local', right: 'p1', vhost: 'shop' } });
    expect(queues.getByRole('heading').textContent).toBe('queues · 3 differ, 3 the same');
    const rows = queues.getAllByRole('row').map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['queues', 'This computer', 'staging'],
      ['shop / mine', 'present', 'missing'],
      ['shop / theirs', 'missing', 'present'],
      ['shop / orders', '{"durable":true}', '{"durable":false}'],
    ]);
    expect(screen.getByRole('region', { name: 'exchanges differences' }).textContent).toContain('exchanges · all 5 the same');
  });

  it('imports a profile\'s definitions into this computer and says what came in', async () => {
    const client = withProfiles(createFakeClient());
    client.respond('importFromProfile', () => ({ queues: 4, exchanges: 2 }));
    renderWithStore(<DefinitionsTab />, client);
    const form = within(await screen.findByLabelText('import from a profile'));
    await waitFor(() => expect(form.getAllByRole('option').length).toBe(3));
    fireEvent.change(form.getByLabelText('Profile'), { target: { value: 'p1' } });
    fireEvent.click(form.getByRole('button', { name: 'Import into This computer' }));
    expect((await screen.findByTestId('profile-import-result')).textContent).toBe('Imported queues: 4, exchanges: 2 from staging into This computer');
    expect(client.calls).toContainEqual({ name: 'importFromProfile', req: { id: 'p1' } });
  });
});

describe('dead letters', () => {
  it('returns a dead-letter queue\'s ready messages to their exchanges and says what moved', async () => {
    const client = createFakeClient({ queues: [q('orders.dlq', 5)] });
    client.respond('returnDeadLetters', () => ({ moved: 3, skipped: 1, failed: 1, error: "exchange 'gone' not found" }));
    const { store } = renderWithStore(<Inspector />, client);
    act(() => store.getState().select({ kind: 'node', id: 'q:orders.dlq' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Return dead letters to their exchanges' }));
    expect((await screen.findByTestId('dead-letter-result')).textContent)
      .toBe("3 messages moved back · 1 skipped (no x-death to say where from, or its exchange is gone) · 1 failed: exchange 'gone' not found");
    expect(client.calls).toContainEqual({ name: 'returnDeadLetters', req: { vhost: '/', queue: 'orders.dlq', max: 5 } });
  });

  it('is not offered for a queue no dead-letter exchange feeds', async () => {
    const client = createFakeClient({ queues: [q('work', 5)] });
    const { store } = renderWithStore(<Inspector />, client);
    act(() => store.getState().select({ kind: 'node', id: 'q:work' }));
    expect(await screen.findByText('Browse messages')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Return dead letters to their exchanges' })).toBeNull();
  });
});

describe('the message browser on RabbitMQ', () => {
  it('shows the page\'s notice above the list', async () => {
    const client = createFakeClient({ queues: [q('work', 0)] });
    const notice = 'On RabbitMQ, browsing gets each message and requeues it: it is marked redelivered and may change place.';
    client.respond('browseQueue', (r): BrowsePage => ({ total: 0, ready: 0, unacked: 0, matched: 0, scanned: 0, complete: true, offset: r.offset, messages: [], notice }));
    const { store } = renderWithStore(<MessageBrowser />, client);
    act(() => store.getState().browse('work'));
    expect((await screen.findByTestId('browse-notice')).textContent).toBe(notice);
    expect(screen.getByTestId('browse-summary').textContent).not.toContain('nothing is consumed');
  });
});
